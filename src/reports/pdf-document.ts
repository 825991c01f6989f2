import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
} from 'pdf-lib';

/**
 * What Chromium leaves out of a printed report and pdf-lib adds afterwards: the document's
 * information (Title, Author, Subject, Creator, its language), and bookmarks that follow the
 * report's contents. Pure functions over the PDF's bytes, so that they are tested without a
 * browser.
 */

/** The document information a report's PDF carries (PDF "Info" dictionary and /Lang). */
export interface PdfInfo {
  title: string;
  /** The organisation that issues the report. */
  author: string;
  subject: string;
  /** BCP 47, e.g. "en". */
  language: string;
  /** The program that made the document, e.g. "Recommendation Tracker 0.1.0". */
  creator: string;
}

/** One entry of a report's contents: the id of the heading it links to, its text and depth. */
export interface ContentsEntry {
  id: string;
  title: string;
  /** 1 for a chapter, 2 for a part of one... */
  level: number;
}

/** One bookmark as read back from a PDF. */
export interface OutlineItem {
  title: string;
  /** 1-based page number it points to, null when it has no page destination. */
  page: number | null;
  children: OutlineItem[];
}

const name = (n: string): PDFName => PDFName.of(n);

/** The text of a PDF string, literal or hex (Chromium writes both). */
function textOf(value: unknown): string {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : '';
}

/** 1-based page numbers by page object, to read destinations with. */
function pageNumbers(doc: PDFDocument): Map<string, number> {
  return new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
}

/** The named destinations of a document: the /Dests dictionary (PDF 1.1, what Chromium writes). */
function destinations(doc: PDFDocument): Map<string, PDFArray> {
  const found = new Map<string, PDFArray>();
  const dests = doc.catalog.lookup(name('Dests'));
  if (!(dests instanceof PDFDict)) return found;
  for (const [key, value] of dests.entries()) {
    const dest = doc.context.lookup(value);
    const array = dest instanceof PDFDict ? dest.lookup(name('D')) : dest;
    if (array instanceof PDFArray) found.set(key.decodeText(), array);
  }
  return found;
}

function pageOf(dest: unknown, pages: Map<string, number>): number | null {
  if (!(dest instanceof PDFArray) || dest.size() === 0) return null;
  const target = dest.get(0);
  return target instanceof PDFRef ? (pages.get(target.toString()) ?? null) : null;
}

/**
 * The page on which each link target of the document lies. Chromium writes a named destination
 * for every element that a link of the page points at (`<a href='#id'>`), named by the id: the
 * report's contents link to its headings, so this is the page of each heading.
 */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = pageNumbers(doc);
  const result = new Map<string, number>();
  for (const [id, dest] of destinations(doc)) {
    const page = pageOf(dest, pages);
    if (page !== null) result.set(id, page);
  }
  return result;
}

interface Node {
  entry: ContentsEntry;
  dest: PDFArray;
  children: Node[];
}

/** The entries as a tree by level; entries without a destination are left out. */
function tree(entries: readonly ContentsEntry[], dests: Map<string, PDFArray>): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const entry of entries) {
    const dest = dests.get(entry.id);
    if (!dest) continue;
    const node: Node = { entry, dest, children: [] };
    while (stack.length > 0 && stack[stack.length - 1].entry.level >= entry.level) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1].children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** Chapters open, their parts folded: a bookmark panel that reads like the contents page. */
function isOpen(node: Node): boolean {
  return node.entry.level === 1;
}

/** How many items show under `nodes` in the bookmark panel (the /Count of their parent). */
function visible(nodes: readonly Node[]): number {
  return nodes.reduce((n, node) => n + 1 + (isOpen(node) ? visible(node.children) : 0), 0);
}

/** Writes the outline items of `nodes` under `parent`; returns the first and last refs. */
function writeItems(doc: PDFDocument, nodes: readonly Node[], parent: PDFRef): [PDFRef, PDFRef] {
  const { context } = doc;
  const refs = nodes.map(() => context.nextRef());
  nodes.forEach((node, i) => {
    const item = new Map<PDFName, PDFArray | PDFHexString | PDFNumber | PDFRef>([
      [name('Title'), PDFHexString.fromText(node.entry.title)],
      [name('Parent'), parent],
      [name('Dest'), node.dest],
    ]);
    if (i > 0) item.set(name('Prev'), refs[i - 1]);
    if (i < refs.length - 1) item.set(name('Next'), refs[i + 1]);
    if (node.children.length > 0) {
      const [first, last] = writeItems(doc, node.children, refs[i]);
      item.set(name('First'), first);
      item.set(name('Last'), last);
      const count = visible(node.children);
      item.set(name('Count'), PDFNumber.of(isOpen(node) ? count : -count));
    }
    context.assign(refs[i], PDFDict.fromMapWithContext(item, context));
  });
  return [refs[0], refs[refs.length - 1]];
}

/**
 * Replaces the document's bookmarks with the report's contents (Chromium's own outline has every
 * heading, down to each "Moved up since" table). Keeps Chromium's when no entry has a page.
 */
function setOutline(doc: PDFDocument, entries: readonly ContentsEntry[]): void {
  const nodes = tree(entries, destinations(doc));
  if (nodes.length === 0) return;
  const { context } = doc;
  const root = context.nextRef();
  const [first, last] = writeItems(doc, nodes, root);
  context.assign(
    root,
    context.obj({
      Type: 'Outlines',
      First: first,
      Last: last,
      Count: PDFNumber.of(visible(nodes)),
    }),
  );
  doc.catalog.set(name('Outlines'), root);
  doc.catalog.set(name('PageMode'), name('UseOutlines'));
}

/**
 * The printed PDF with its document information set and, when the report has contents,
 * bookmarks that follow them. The Producer (Chromium's Skia) and the dates are kept.
 */
export async function finishPdf(
  pdf: Uint8Array,
  info: PdfInfo,
  contents: readonly ContentsEntry[] = [],
): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setCreator(info.creator);
  if (info.language) doc.setLanguage(info.language);
  setOutline(doc, contents);
  // In compressed object streams (PDF 1.5 and later; pdf-lib writes 1.7): the structure of a
  // tagged report, which Chromium writes uncompressed, takes a third of the room.
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

/** The bookmarks of a PDF, as a tree with the page each points to. */
export async function readOutline(pdf: Uint8Array): Promise<OutlineItem[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = pageNumbers(doc);
  const named = destinations(doc);
  const items = (first: unknown): OutlineItem[] => {
    const list: OutlineItem[] = [];
    let item = first instanceof PDFDict ? first : undefined;
    while (item) {
      const dest = item.lookup(name('Dest'));
      const target = dest instanceof PDFName ? named.get(dest.decodeText()) : dest;
      list.push({
        title: textOf(item.lookup(name('Title'))),
        page: pageOf(target, pages),
        children: items(item.lookup(name('First'))),
      });
      const next = item.lookup(name('Next'));
      item = next instanceof PDFDict ? next : undefined;
    }
    return list;
  };
  const outlines = doc.catalog.lookup(name('Outlines'));
  return outlines instanceof PDFDict ? items(outlines.lookup(name('First'))) : [];
}

/** How many pages a PDF has. */
export async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}
