import { PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { destinationPages, finishPdf, readOutline } from './pdf-document.js';

/** A PDF as Chromium writes one: pages, and a named destination for each link target. */
async function printed(dests: Record<string, number>, pages = 4): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < pages; i++) doc.addPage();
  doc.setProducer('Skia/PDF m156');
  const refs = doc.getPages().map((p) => p.ref);
  const entries = Object.fromEntries(
    Object.entries(dests).map(([id, page]) => [
      id,
      doc.context.obj([refs[page - 1], PDFName.of('XYZ'), 6, 800, 0]),
    ]),
  );
  doc.catalog.set(PDFName.of('Dests'), doc.context.obj(entries));
  return doc.save({ useObjectStreams: false });
}

const INFO = {
  title: 'Progress report: Joint expert workshop · As of 2011-12-31',
  author: 'OSCE Secretariat',
  subject: 'Implementation of the recommendations',
  language: 'en',
  creator: 'Recommendation Tracker 0.1.0',
};

describe('destinationPages', () => {
  it('reads the page of each link target, by its id', async () => {
    const pdf = await printed({ summary: 2, 'section-2': 3, 'rec-JEW-I.1': 3, annex: 4 });
    expect(await destinationPages(pdf)).toEqual(
      new Map([
        ['summary', 2],
        ['section-2', 3],
        ['rec-JEW-I.1', 3],
        ['annex', 4],
      ]),
    );
  });

  it('has nothing to say of a PDF without destinations', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect((await destinationPages(await doc.save())).size).toBe(0);
  });
});

describe('finishPdf', () => {
  const contents = [
    { id: 'summary', title: '1. Executive summary', level: 1 },
    { id: 'section-2', title: '2. Session I', level: 1 },
    { id: 'rec-JEW-I.1', title: '2.1 JEW-I.1 Prevent diversion', level: 2 },
    { id: 'rec-JEW-I.2', title: '2.2 JEW-I.2 Not printed', level: 2 },
    { id: 'annex', title: 'Annex. Ratings by State', level: 1 },
  ];

  it('sets the document information and keeps the producer', async () => {
    const pdf = await finishPdf(await printed({ summary: 2 }), INFO);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe(INFO.title);
    expect(doc.getAuthor()).toBe('OSCE Secretariat');
    expect(doc.getSubject()).toBe(INFO.subject);
    expect(doc.getCreator()).toBe('Recommendation Tracker 0.1.0');
    expect(doc.getProducer()).toBe('Skia/PDF m156');
    expect(doc.catalog.lookup(PDFName.of('Lang'))?.toString()).toBe('(en)');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('makes the bookmarks follow the contents, each to the page of its heading', async () => {
    const pdf = await finishPdf(
      await printed({ summary: 2, 'section-2': 3, 'rec-JEW-I.1': 3, annex: 4 }),
      INFO,
      contents,
    );
    // An entry whose heading is not in the PDF has no bookmark.
    expect(await readOutline(pdf)).toEqual([
      { title: '1. Executive summary', page: 2, children: [] },
      {
        title: '2. Session I',
        page: 3,
        children: [{ title: '2.1 JEW-I.1 Prevent diversion', page: 3, children: [] }],
      },
      { title: 'Annex. Ratings by State', page: 4, children: [] },
    ]);
    const doc = await PDFDocument.load(pdf);
    expect(doc.catalog.lookup(PDFName.of('PageMode'))).toBe(PDFName.of('UseOutlines'));
    // Chapters open: the three and the one part of the second show.
    const root = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    expect(root.lookup(PDFName.of('Count'))).toEqual(PDFNumber.of(4));
  });

  it('keeps the bookmarks it has when there are no contents', async () => {
    const pdf = await finishPdf(await printed({ summary: 2 }), INFO, []);
    expect(await readOutline(pdf)).toEqual([]);
  });
});
