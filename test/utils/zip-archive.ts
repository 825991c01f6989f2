import { once } from 'node:events';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** One part of a hand-made ZIP archive. */
export interface ZipPart {
  name: string;
  /** The bytes as written in the archive (deflated unless `stored`). */
  data: Buffer;
  /** The unpacked size the archive declares; a bomb may declare less than it unpacks to. */
  declaredSize: number;
  crc?: number;
  stored?: boolean;
  /** Write the sizes in a ZIP64 extra field, as some writers do even for small parts. */
  zip64?: boolean;
}

/** A part deflated from `content`, declaring its true size. */
export function deflatedPart(name: string, content: string | Buffer): ZipPart {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, data: deflateRawSync(bytes), declaredSize: bytes.length, crc: crc32(bytes) };
}

/**
 * `bytes` zeros, deflated without ever holding them: about 1 KB per MB, which is what makes a
 * zip bomb.
 */
export async function deflatedZeros(bytes: number): Promise<{ data: Buffer; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(deflate, 'end');
  const zeros = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let left = bytes; left > 0; left -= zeros.length) {
    const chunk = left >= zeros.length ? zeros : zeros.subarray(0, left);
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  return { data: Buffer.concat(chunks), crc };
}

/** A ZIP archive of the parts, its headers written by hand as the format describes them. */
export function zipArchive(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const method = part.stored ? 0 : 8;
    const crc = part.crc ?? 0;
    const extra = Buffer.alloc(part.zip64 ? 4 + 24 : 0);
    if (part.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(part.declaredSize), 4);
      extra.writeBigUInt64LE(BigInt(part.data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const size32 = (n: number): number => (part.zip64 ? 0xffffffff : n);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, part.data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(size32(part.data.length), 20);
    central.writeUInt32LE(size32(part.declaredSize), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(size32(offset), 42);
    centrals.push(central, name, extra);

    offset += local.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A workbook-looking archive whose worksheet unpacks to `bytes` zeros: honest (it declares the
 * size) or lying (it declares `declare` bytes instead).
 */
export async function zipBomb(bytes: number, declare = bytes): Promise<Buffer> {
  const { data, crc } = await deflatedZeros(bytes);
  return zipArchive([
    deflatedPart(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    { name: 'xl/worksheets/sheet1.xml', data, declaredSize: declare, crc },
  ]);
}
