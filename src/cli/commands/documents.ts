import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { systemPrincipal, type Principal } from '../../auth/principal.js';
import { MAX_PAGE_SIZE } from '../../common/paging.js';
import { DOCUMENT_STAGES } from '../../documents/document.entity.js';
import { DocumentsService, type DocumentView } from '../../documents/documents.service.js';
import { CreateDocumentDto } from '../../documents/dto/document.dto.js';
import { ListDocumentsQueryDto } from '../../documents/dto/list-documents-query.dto.js';
import { PdfService } from '../../reports/pdf.service.js';
import { Role } from '../../users/role.enum.js';
import { CommandFailure, UsageError, type OptionSpec } from '../args.js';
import type { Command, CommandGroup, CommandRun } from '../command.js';
import { actingUser, checked } from '../input.js';

/** Who the command line reads documents as: it sees every stage, as the writers do. */
const CLI_READER = systemPrincipal('cli', Role.Admin);

const AS: OptionSpec = {
  type: 'string',
  value: '<username>',
  help: 'the user it is done as and recorded for (required)',
};

/** The one positional argument, a document id. */
function documentId(positionals: string[], command: string): number {
  const [value, ...extra] = positionals;
  if (value === undefined) throw new UsageError(`${command} needs a document id`);
  if (extra.length > 0) {
    throw new UsageError(`${command} takes one document id (not also "${extra.join(' ')}")`);
  }
  if (!/^[1-9]\d{0,9}$/.test(value)) {
    throw new UsageError(`${command}: a document id is a number (not "${value}")`);
  }
  return Number(value);
}

function noPositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) {
    throw new UsageError(`${command} takes no arguments (not "${positionals.join(' ')}")`);
  }
}

/** `--as`, or a UsageError saying who it must name. */
function asFlag(flags: Record<string, string | undefined>, who: string): string {
  const as = flags.as;
  if (!as) throw new UsageError(`--as: name the user it is done as (${who})`);
  return as;
}

/** The narrative file: a JSON or YAML object of the API's create fields. */
export function readNarrative(file: string): object {
  const format = extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(format)) {
    throw new UsageError(`--file: a .json, .yaml or .yml file (not "${file}")`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--file: cannot read ${file} (${(err as Error).message})`);
  }
  let value: unknown;
  try {
    value = format === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    throw new UsageError(
      `--file: ${file} is not valid ${format === '.json' ? 'JSON' : 'YAML'} (${message})`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `--file: ${file} must hold one object of fields (kind, target, title, ...), not ${
        Array.isArray(value) ? 'a list' : value === null ? 'nothing' : `a ${typeof value}`
      }`,
    );
  }
  return value;
}

function pages(n: number): string {
  return `${n} page${n === 1 ? '' : 's'}`;
}

/** `SEC/EVT/2026/3 (document 3)`. */
function named(doc: DocumentView): string {
  return `${doc.symbol} (document ${doc.id})`;
}

const documentCreate: Command = {
  name: 'document create',
  summary: 'a draft report document from a JSON or YAML file of its narrative',
  usage: ['--file <narrative.json|.yaml|.yml> --as <username>'],
  description:
    'Creates a draft report document from a JSON or YAML file holding the fields of the API\n' +
    '(POST /api/v1/documents): kind, target, title, language, marking, options (asOf,\n' +
    'compareWith, from, to, event, theme), introduction, conclusions (text by recommendation\n' +
    'ref, or "state") and overallConclusion; the narrative is Markdown. The fields are checked\n' +
    'as the API checks them; a bad one is named (exit code 2). Prints the id, symbol and stage.',
  options: {
    file: {
      type: 'string',
      value: '<file>',
      help: 'the narrative: .json, .yaml or .yml (required)',
    },
    as: { ...AS, help: 'the analyst or admin who writes it (required)' },
  },
  async run({ args, app, log }) {
    noPositionals(args.positionals, 'document create');
    const file = args.flags.file;
    if (!file) throw new UsageError('--file: name the JSON or YAML file of the document');
    const as = asFlag(args.flags, 'an analyst or an admin');
    const dto = await checked(CreateDocumentDto, readNarrative(file));
    const context = await app();
    const author = await actingUser(
      context.get(DataSource),
      as,
      Role.Analyst,
      'writing a document',
    );
    const doc = await context.get(DocumentsService).create(dto, author);
    log(`Created ${named(doc)}, ${doc.stage}: ${doc.title}`);
    return 0;
  },
};

const documentList: Command = {
  name: 'document list',
  summary: 'every report document, the latest change first',
  usage: ['[--stage draft|submitted|approved|issued]'],
  description:
    'Lists the report documents, the latest change first, one a line: id, symbol, stage,\n' +
    'kind/target, title, author and when it last changed.',
  options: {
    stage: {
      type: 'string',
      value: DOCUMENT_STAGES.join('|'),
      help: 'only the documents at this stage',
    },
  },
  async run({ args, app, log }) {
    noPositionals(args.positionals, 'document list');
    const query = await checked(ListDocumentsQueryDto, {
      stage: args.flags.stage,
      pageSize: MAX_PAGE_SIZE,
    });
    const documents = (await app()).get(DocumentsService);
    const docs: DocumentView[] = [];
    for (let page = 1; ; page += 1) {
      const found = await documents.list({ ...query, page }, CLI_READER);
      docs.push(...found.items);
      if (page >= found.pages) break;
    }
    if (docs.length === 0) {
      log(query.stage ? `No ${query.stage} documents.` : 'No documents.');
      return 0;
    }
    const rows = docs.map((d) => [
      String(d.id),
      d.symbol,
      d.stage,
      d.target ? `${d.kind}/${d.target}` : d.kind,
      d.title,
      d.author,
      `${d.updatedAt.slice(0, 16).replace('T', ' ')} UTC`,
    ]);
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) {
      log(
        row
          .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
          .join('  ')
          .trimEnd(),
      );
    }
    return 0;
  },
};

/** One step of a document's way, done on its current version by the user of --as. */
interface Step {
  verb: 'submit' | 'approve' | 'return' | 'issue';
  summary: string;
  description: string;
  role: Role;
  /** What the step needs, for the message of a role too low: `approving a document`. */
  work: string;
  act(
    documents: DocumentsService,
    id: number,
    version: number,
    principal: Principal,
  ): Promise<DocumentView>;
  /** The line said when done. */
  done(doc: DocumentView): string;
}

const STEPS: Step[] = [
  {
    verb: 'submit',
    summary: 'send a draft for approval',
    description: 'Sends a draft for approval: its author, or an admin.',
    role: Role.Analyst,
    work: 'submitting a document',
    act: (d, id, v, p) => d.submit(id, v, p),
    done: (doc) => `Submitted ${named(doc)} for approval.`,
  },
  {
    verb: 'approve',
    summary: 'approve a submitted document (an admin other than its author)',
    description:
      'Approves a submitted document: an admin who is not its author (four eyes); exit\n' +
      'code 4 otherwise.',
    role: Role.Admin,
    work: 'approving a document',
    act: (d, id, v, p) => d.approve(id, v, p),
    done: (doc) => `Approved ${named(doc)} (by ${doc.approvedBy ?? ''}).`,
  },
  {
    verb: 'return',
    summary: 'send a submitted or approved document back to draft',
    description:
      'Sends a submitted or approved document back to draft, for its author to change: its\n' +
      'author, or an admin.',
    role: Role.Analyst,
    work: 'returning a document to draft',
    act: (d, id, v, p) => d.returnToDraft(id, v, p),
    done: (doc) => `Returned ${named(doc)} to draft.`,
  },
  {
    verb: 'issue',
    summary: 'issue an approved document: its HTML and PDF, never to change',
    description:
      'Issues an approved document (an admin): prints it once as HTML and PDF and stores both\n' +
      'with their SHA-256, never to change. Needs Chromium (exit code 6 without it).',
    role: Role.Admin,
    work: 'issuing a document',
    act: (d, id, v, p) => d.issue(id, v, p),
    done: (doc) =>
      `Issued ${named(doc)}: PDF of ${pages(doc.issued?.pdfPages ?? 0)}, SHA-256 ${doc.issued?.pdfSha256 ?? ''}.`,
  },
];

function stepCommand(step: Step): Command {
  const name = `document ${step.verb}`;
  return {
    name,
    summary: step.summary,
    usage: ['<id> --as <username>'],
    description: `${step.description}\nThe step is done on the document's current version.`,
    options: {
      as: {
        ...AS,
        help: `the ${step.role === Role.Admin ? 'admin' : 'analyst or admin'} who does it (required)`,
      },
    },
    async run({ args, app, log }: CommandRun) {
      const id = documentId(args.positionals, name);
      const as = asFlag(
        args.flags,
        step.role === Role.Admin ? 'an admin' : 'an analyst or an admin',
      );
      const context = await app();
      const principal = await actingUser(context.get(DataSource), as, step.role, step.work);
      const documents = context.get(DocumentsService);
      const current = await documents.get(id, principal);
      try {
        log(step.done(await step.act(documents, id, current.version, principal)));
      } finally {
        // A PDF's browser is kept for further PDFs until closed; left open, the command would not end.
        if (step.verb === 'issue') await context.get(PdfService).close();
      }
      return 0;
    },
  };
}

const FORMATS = ['pdf', 'html'] as const;

const documentDownload: Command = {
  name: 'document download',
  summary: 'write the PDF or HTML of an issued document, exactly as issued',
  usage: ['<id> --out <file> [--format pdf|html]'],
  description:
    'Writes the PDF (or HTML) of an issued document to a file, byte for byte as it was issued,\n' +
    'and prints its SHA-256.',
  options: {
    out: { type: 'string', value: '<file>', help: 'the file to write (required)' },
    format: {
      type: 'string',
      value: 'pdf|html',
      help: "default: from the file's extension, else pdf",
    },
  },
  async run({ args, app, log }) {
    const id = documentId(args.positionals, 'document download');
    const out = args.flags.out;
    if (!out) throw new UsageError('--out: name the file to write');
    const fromExtension = extname(out).slice(1).toLowerCase() === 'html' ? 'html' : 'pdf';
    const format = (args.flags.format ?? fromExtension).toLowerCase();
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format: must be pdf or html (not "${args.flags.format ?? ''}")`);
    }
    const documents = (await app()).get(DocumentsService);
    const doc = await documents.get(id, CLI_READER);
    const file = await documents.issuedFile(id, format as 'pdf' | 'html', CLI_READER);
    const sha256 = createHash('sha256').update(file.body).digest('hex');
    if (sha256 !== file.sha256) {
      throw new CommandFailure(1, [
        `The stored ${format.toUpperCase()} of ${named(doc)} does not match its SHA-256 as issued (${file.sha256}); nothing was written.`,
      ]);
    }
    // Written beside the target and renamed, so that a failure leaves no half file.
    const partial = `${out}.${process.pid}.partial`;
    try {
      writeFileSync(partial, file.body);
      renameSync(partial, out);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
    log(
      `Wrote ${out}: ${named(doc)}, ${format.toUpperCase()} as issued, ${file.body.length} bytes.`,
    );
    log(`SHA-256: ${sha256}`);
    return 0;
  },
};

export const documentCommands: CommandGroup = {
  name: 'document',
  summary: 'report documents: create, list, submit, approve, return, issue, download',
  subcommands: [documentCreate, documentList, ...STEPS.map(stepCommand), documentDownload],
};
