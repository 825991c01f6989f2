import { createInflateRaw } from 'node:zlib';

/**
 * How far an uploaded ZIP archive (an XLSX workbook) may unpack before it is read.
 *
 * exceljs reads a workbook through JSZip, which inflates every part of the archive whole into
 * memory and trusts what the archive says about itself. A 300 KB upload can so unpack to hundreds
 * of megabytes (a "zip bomb") and a few at once end the process. This module looks at the archive
 * first, the way JSZip will: it reads the same central directory (the archive's table of contents
 * at its end), with the same ZIP64 rules, and finds each part's data where JSZip will. It then
 *
 * 1. adds up the unpacked sizes the archive declares, and refuses too many parts, a part or a
 *    total over the limit, or a large part compressed far more than real spreadsheet XML is;
 * 2. inflates every part once more, streaming and counting (nothing is kept), and stops as soon as
 *    a part unpacks to more than it declared. An archive can lie about its sizes; this step makes
 *    sure that what JSZip will inflate afterwards is no bigger than what step 1 allowed.
 *
 * It is written by hand on node:zlib rather than with a ZIP library because the project has no
 * ZIP library of its own (exceljs's JSZip and unzipper come with it, not with us), none of them
 * offers a limit on inflating, and only a reader that agrees with JSZip on where each part's data
 * lies measures what exceljs will actually unpack.
 */
export interface UnpackLimits {
  /** The most the parts may unpack to, together (and so each). */
  maxUnpackedBytes: number;
  /** The most parts an archive may hold; a workbook has a few dozen. */
  maxEntries: number;
  /** The highest compression ratio allowed for a part that unpacks to more than `ratioFromBytes`. */
  maxRatio: number;
  ratioFromBytes: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = {
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxEntries: 10_000,
  // Spreadsheet XML compresses about 3 to 15 to 1 (a sheet of 100,000 identical rows: 14 to 1);
  // deflate cannot go past about 1,030 to 1, which is what runs of zeros reach.
  maxRatio: 100,
  ratioFromBytes: 1024 * 1024,
};

/** Why an archive is refused; `entry` names the part concerned, when there is one. */
export type UnpackProblem =
  | { reason: 'unreadable' }
  | { reason: 'tooManyEntries' }
  | { reason: 'tooLarge'; entry?: string }
  | { reason: 'ratio'; entry: string; ratio: number }
  | { reason: 'sizeMismatch'; entry: string };

export class UnpackRefused extends Error {
  constructor(readonly problem: UnpackProblem) {
    super(`ZIP archive refused: ${problem.reason}`);
    this.name = 'UnpackRefused';
  }
}

/** One part of the archive, as its central directory entry describes it. */
interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  unpackedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const CENTRAL_SIZE = 46;
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_SIZE = 30;
const ZIP64_EXTRA_ID = 0x0001;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 0x0001;

function unreadable(): UnpackRefused {
  return new UnpackRefused({ reason: 'unreadable' });
}

function read64(buf: Buffer, at: number): number {
  if (at + 8 > buf.length) throw unreadable();
  const value = buf.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadable();
  return Number(value);
}

/**
 * The end of central directory record: the last one in the buffer, as JSZip finds it (an archive
 * comment may follow it).
 */
function findEndOfCentralDirectory(buf: Buffer): number {
  for (let at = buf.length - EOCD_SIZE; at >= 0; at--) {
    if (buf.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw unreadable();
}

/** Where the central directory starts and ends, from the (ZIP64) end of central directory. */
function centralDirectory(buf: Buffer): { offset: number; size: number } {
  const eocd = findEndOfCentralDirectory(buf);
  let offset = buf.readUInt32LE(eocd + 16);
  let size = buf.readUInt32LE(eocd + 12);
  let expectedEnd: number;
  const zip64 =
    buf.readUInt16LE(eocd + 4) === MAX_16 ||
    buf.readUInt16LE(eocd + 6) === MAX_16 ||
    buf.readUInt16LE(eocd + 8) === MAX_16 ||
    buf.readUInt16LE(eocd + 10) === MAX_16 ||
    size === MAX_32 ||
    offset === MAX_32;
  if (zip64) {
    const locator = eocd - ZIP64_LOCATOR_SIZE;
    if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) throw unreadable();
    if (buf.readUInt32LE(locator + 16) > 1) throw unreadable(); // split over several disks
    const record = read64(buf, locator + 4 + 4);
    if (record + 56 > buf.length || buf.readUInt32LE(record) !== ZIP64_EOCD_SIGNATURE) {
      throw unreadable();
    }
    const recordSize = read64(buf, record + 4);
    size = read64(buf, record + 40);
    offset = read64(buf, record + 48);
    expectedEnd = offset + size + 12 + recordSize + ZIP64_LOCATOR_SIZE;
  } else {
    expectedEnd = offset + size;
  }
  // Bytes before the archive (a self-extracting program, say) make JSZip shift every offset it
  // reads; no workbook has them, so rather than guess as JSZip does, such an archive is refused.
  if (expectedEnd !== eocd) throw unreadable();
  return { offset, size };
}

/** The ZIP64 extra field replaces the 32-bit values that are all ones, in this order. */
function applyZip64Extra(buf: Buffer, from: number, to: number, entry: Entry): void {
  let at = from;
  while (at + 4 <= to) {
    const id = buf.readUInt16LE(at);
    const length = buf.readUInt16LE(at + 2);
    const data = at + 4;
    if (data + length > to) throw unreadable();
    if (id === ZIP64_EXTRA_ID) {
      let field = data;
      const next = (): number => {
        if (field + 8 > data + length) throw unreadable();
        const value = read64(buf, field);
        field += 8;
        return value;
      };
      if (entry.unpackedSize === MAX_32) entry.unpackedSize = next();
      if (entry.compressedSize === MAX_32) entry.compressedSize = next();
      if (entry.localHeaderOffset === MAX_32) entry.localHeaderOffset = next();
      return;
    }
    at = data + length;
  }
}

/** The entries of the central directory, read as JSZip reads them: until a header is missing. */
function readEntries(buf: Buffer, maxEntries: number): Entry[] {
  const { offset, size } = centralDirectory(buf);
  const end = offset + size;
  const entries: Entry[] = [];
  let at = offset;
  while (at + CENTRAL_SIZE <= buf.length && buf.readUInt32LE(at) === CENTRAL_SIGNATURE) {
    if (entries.length === maxEntries) throw new UnpackRefused({ reason: 'tooManyEntries' });
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const nameStart = at + CENTRAL_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > end) throw unreadable();
    const entry: Entry = {
      name: buf.toString('utf8', nameStart, extraStart),
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      unpackedSize: buf.readUInt32LE(at + 24),
      localHeaderOffset: buf.readUInt32LE(at + 42),
    };
    applyZip64Extra(buf, extraStart, extraStart + extraLength, entry);
    entries.push(entry);
    at = next;
  }
  if (entries.length === 0) throw unreadable();
  return entries;
}

/** Where an entry's compressed data lies: after its local header, name and extra field. */
function dataOf(buf: Buffer, entry: Entry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + LOCAL_SIZE > buf.length || buf.readUInt32LE(at) !== LOCAL_SIGNATURE) {
    throw unreadable();
  }
  const start = at + LOCAL_SIZE + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw unreadable();
  return buf.subarray(start, end);
}

/**
 * Inflates `data` and counts what comes out, keeping none of it; resolves with the count, or with
 * `null` as soon as the count passes `limit`.
 */
export function inflatedSize(data: Buffer, limit: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    let settled = false;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !settled) {
        settled = true;
        inflate.destroy();
        resolve(null);
      }
    });
    inflate.on('end', () => {
      if (!settled) resolve(size);
      settled = true;
    });
    inflate.on('error', () => {
      if (!settled) reject(unreadable());
      settled = true;
    });
    inflate.end(data);
  });
}

/**
 * Checks that a ZIP archive unpacks within the limits, without keeping anything it unpacks.
 * Throws UnpackRefused saying why not; resolves with the total unpacked size otherwise.
 */
export async function checkUnpackedSize(
  buf: Buffer,
  limits: UnpackLimits = DEFAULT_UNPACK_LIMITS,
): Promise<number> {
  if (buf.length < EOCD_SIZE) throw unreadable();
  const entries = readEntries(buf, limits.maxEntries);

  // 1. What the archive declares.
  let declared = 0;
  for (const entry of entries) {
    if (entry.flags & ENCRYPTED_FLAG) throw unreadable();
    if (entry.method !== STORED && entry.method !== DEFLATED) throw unreadable();
    // Stored data comes out as it is, whatever size is declared.
    const size =
      entry.method === STORED
        ? Math.max(entry.compressedSize, entry.unpackedSize)
        : entry.unpackedSize;
    if (size > limits.maxUnpackedBytes) {
      throw new UnpackRefused({ reason: 'tooLarge', entry: entry.name });
    }
    declared += size;
    if (declared > limits.maxUnpackedBytes) throw new UnpackRefused({ reason: 'tooLarge' });
    if (entry.method === DEFLATED && size > limits.ratioFromBytes) {
      const ratio = size / Math.max(1, entry.compressedSize);
      if (ratio > limits.maxRatio) {
        throw new UnpackRefused({ reason: 'ratio', entry: entry.name, ratio: Math.round(ratio) });
      }
    }
  }

  // 2. What it really unpacks to: no part may give more than it declared.
  for (const entry of entries) {
    const data = dataOf(buf, entry);
    if (entry.method === STORED) continue;
    const size = await inflatedSize(data, entry.unpackedSize);
    if (size === null) throw new UnpackRefused({ reason: 'sizeMismatch', entry: entry.name });
  }
  return declared;
}
