// The claim check on Service Bus (Azure Architecture Center, "Claim-Check pattern"; Service Bus
// quotas: a message is at most 256 KB on the Standard tier, properties included, and a larger
// send is rejected with an exception at the sender — engine: brokers/servicebus/message-size.ts).
// An insurer's scanning app uploads each claim's documents to Intake; Intake must hand every
// document to Records, which files it in the legal Archive. Some scans are larger than the
// `documents` queue accepts. The learner's Intake stores the payload in BlobStore (another
// team's blob storage: Put, Get, Delete, kept in its database) and sends a reference; the
// learner's Records fetches it. The Archive takes a document only byte for byte as it was
// scanned: the Scanner registers each scan's fingerprint with it first, so a truncated, mixed-up
// or re-assembled copy is refused. A photo scan is noise and does not compress; a text report
// does — so compression rescues one document and not the other.

import { defineLessonScenario } from '../../../src/content/types';

/** The fingerprint Scanner registers and Archive checks: length, every page mark, a sample of characters, FNV-1a. */
const fingerprintSource = `function fingerprint(content) {
  const marks = (content.match(/%%page \\d+\\/\\d+ [0-9a-z]{8}/g) ?? []).join(',');
  let sample = '';
  for (let i = 0; i < content.length; i += 997) sample += content[i];
  const text = content.length + '|' + marks + '|' + sample;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}`;

// The scanning app (another team's): renders a scan, registers its fingerprint with the Archive,
// then uploads it to Intake, retrying with back-off when Intake fails or does not answer in 5 s.
const scan = `import { defineHandler } from 'brokerlab';

const WORDS = ['policy', 'holder', 'claim', 'date', 'of', 'loss', 'water', 'damage', 'kitchen', 'ceiling', 'repair', 'estimate', 'invoice', 'total', 'signed', 'adjuster', 'report', 'photo', 'annex', 'page'];

${fingerprintSource}

// A scan is the scanner's own: a fast generator seeded once from ctx.random(). A text page is
// lines from the document's vocabulary (it compresses well); a photo page is noise (it does not).
function generator(seed) {
  let a = Math.floor(seed * 2 ** 32) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function page(kind, random, lines, noise) {
  const parts = [];
  if (kind === 'photos') {
    // 4,000 characters of noise: 25 blocks of 160 from the scan's own pool, each cut at a random place.
    for (let i = 0; i < 25; i++) {
      const block = noise[Math.floor(random() * noise.length)];
      const at = Math.floor(random() * 160);
      parts.push(block.slice(at) + block.slice(0, at));
    }
    return parts.join('');
  }
  for (let i = 0; i < 50; i++) parts.push(lines[Math.floor(random() * lines.length)]);
  return parts.join('\\n');
}

export default defineHandler('Scan', async (request, ctx) => {
  const { docId, claimId, kind, pages } = request.body;
  const random = generator(ctx.random());
  const lines = [];
  for (let i = 0; i < 40; i++) {
    const words = [];
    for (let w = 0; w < 12; w++) words.push(WORDS[Math.floor(random() * WORDS.length)]);
    lines.push(words.join(' '));
  }
  const noise = [];
  for (let i = 0; kind === 'photos' && i < 64; i++) {
    const chunks = [];
    for (let c = 0; c < 16; c++) chunks.push(Math.floor(random() * 2 ** 52).toString(36).padStart(10, '0').slice(0, 10));
    noise.push(chunks.join(''));
  }
  const body = [];
  for (let p = 1; p <= pages; p++) {
    const mark = (random() * 2 ** 42).toString(36).slice(0, 8).padEnd(8, '0');
    body.push('%%page ' + p + '/' + pages + ' ' + mark + '\\n' + page(kind, random, lines, noise));
  }
  const content = '%%scan ' + docId + ' ' + kind + '\\n' + body.join('\\n') + '\\n%%end';
  const upload = { docId, claimId, kind, content };
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.call('Archive', 'Expect', { docId, bytes: content.length, fingerprint: fingerprint(content) }, { timeoutTicks: 5000 });
      await ctx.call('Intake', 'Submit', upload, { timeoutTicks: 5000 });
      ctx.log('uploaded ' + docId + ' (' + content.length + ' bytes)');
      return;
    } catch (error) {
      if (attempt === 4) {
        ctx.log('gave up on ' + docId + ': ' + error.message);
        return;
      }
      await ctx.work(1000 * 2 ** (attempt - 1));
    }
  }
});
`;

// Blob storage (another team's): blobs by name, in its database. Put overwrites a blob of the same name.
const put = `import { defineHandler } from 'brokerlab';

export default defineHandler('Put', async (request, ctx) => {
  const { name, content } = request.body;
  if (typeof name !== 'string' || !name) throw new Error('InvalidBlobName: a blob needs a name');
  if (typeof content !== 'string') throw new Error('InvalidBlobContent: the content must be a string');
  await ctx.work(1 + Math.ceil(content.length / 50_000)); // ~50 MB/s
  ctx.db.put('blobs', name, { content, bytes: content.length });
  return { name, bytes: content.length };
});
`;
const get = `import { defineHandler } from 'brokerlab';

export default defineHandler('Get', async (request, ctx) => {
  const blob = ctx.db.get('blobs', request.body.name);
  if (!blob) throw new Error('BlobNotFound: there is no blob named ' + JSON.stringify(request.body.name));
  await ctx.work(1 + Math.ceil(blob.bytes / 50_000));
  return blob.content;
});
`;
const del = `import { defineHandler } from 'brokerlab';

export default defineHandler('Delete', async (request, ctx) => {
  const existed = ctx.db.get('blobs', request.body.name) !== undefined;
  await ctx.db.transaction(async (tx) => tx.delete('blobs', request.body.name));
  return { deleted: existed };
});
`;

// The legal archive (another team's): the Scanner registers each scan's fingerprint; Records
// files the document, which the Archive takes only byte for byte as scanned, and only from Records.
const expect = `import { defineHandler } from 'brokerlab';

export default defineHandler('Expect', async (request, ctx) => {
  if (request.headers.caller !== 'Scanner') throw new Error('Forbidden: only the Scanner registers scans');
  const { docId, bytes, fingerprint } = request.body;
  ctx.db.put('expected', docId, { bytes, fingerprint });
});
`;
const store = `import { defineHandler } from 'brokerlab';

${fingerprintSource}

export default defineHandler('Store', async (request, ctx) => {
  if (request.headers.caller !== 'Records') throw new Error('Forbidden: the Archive files documents from Records only');
  const { docId, content } = request.body;
  const expected = ctx.db.get('expected', docId);
  if (!expected) throw new Error('UnknownDocument: ' + docId + ' was never scanned');
  await ctx.work(400); // indexing and retention labels
  const bytes = typeof content === 'string' ? content.length : 0;
  if (typeof content !== 'string' || fingerprint(content) !== expected.fingerprint) {
    ctx.db.put('refused', docId, { bytes, expectedBytes: expected.bytes, at: ctx.now() });
    throw new Error('NotTheScannedDocument: ' + docId + ' (' + bytes + ' bytes) is not the document scanned (' + expected.bytes + ' bytes): the archive refuses it');
  }
  ctx.db.put('archived', docId, { bytes, at: ctx.now() });
});
`;

/** A claim's documents: its form and the attachment, scanned and uploaded together. */
export const DOCUMENTS = [
  { docId: 'doc-1', claimId: 'claim-1', kind: 'form', pages: 3, startTick: 1_000 },
  { docId: 'doc-2', claimId: 'claim-1', kind: 'photos', pages: 68, startTick: 1_000 },
  { docId: 'doc-3', claimId: 'claim-2', kind: 'form', pages: 4, startTick: 4_000 },
  { docId: 'doc-4', claimId: 'claim-2', kind: 'report', pages: 30, startTick: 4_000 },
];

const scenario = defineLessonScenario({
  id: 'lesson-servicebus-claim-check',
  title: 'The claim check: documents too big for the broker',
  summary: 'Intake hands scanned claim documents to Records through a Standard-tier queue (256 KB per message); some scans are larger.',
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'documents' }],
  messages: [{ type: 'FileDocument', kind: 'command', to: 'documents', description: 'File one scanned document of a claim in the archive (Records owns it).' }],
  services: [
    { name: 'Scanner', handlers: [{ name: 'Scan', code: { source: scan, file: 'Scanner/Scan.ts' } }] },
    { name: 'Intake', handlers: [{ name: 'Submit', code: { file: 'Intake/Submit.ts' } }] },
    {
      name: 'BlobStore',
      handlers: [
        { name: 'Put', code: { source: put, file: 'BlobStore/Put.ts' } },
        { name: 'Get', code: { source: get, file: 'BlobStore/Get.ts' } },
        { name: 'Delete', code: { source: del, file: 'BlobStore/Delete.ts' } },
      ],
    },
    { name: 'Records', handlers: [{ name: 'File', consumes: 'documents', code: { file: 'Records/File.ts' } }] },
    {
      name: 'Archive',
      handlers: [
        { name: 'Expect', code: { source: expect, file: 'Archive/Expect.ts' } },
        { name: 'Store', code: { source: store, file: 'Archive/Store.ts' } },
      ],
    },
  ],
  workload: DOCUMENTS.map(({ startTick, ...body }) => ({ kind: 'burst' as const, service: 'Scanner', handler: 'Scan', count: 1, startTick, body })),
  checks: [
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Archive', table: 'archived', keys: { requested: 'docId' }, expect: { count: 4 }, describe: 'every scanned document is in the archive, byte for byte as it was scanned' },
        ],
      },
    },
    { name: 'dlq-accounted' },
  ],
  // The scanner renders up to 270 KB of noise per scan: more work than one attempt's default budget.
  limits: { ticksMax: 90_000, handlerWorkMax: 4_000_000 },
});

export default scenario;

/**
 * Another claim: the photos are few and fit in a message, and the report runs to 80 pages (about
 * 310 KB). Code that sends doc-2, or photos, through the blob store and everything else inline
 * was tuned to one claim's documents: what decides is the size of the message.
 */
export const OTHER_DOCUMENTS = [
  { docId: 'doc-1', claimId: 'claim-1', kind: 'form', pages: 3, startTick: 1_000 },
  { docId: 'doc-2', claimId: 'claim-1', kind: 'photos', pages: 12, startTick: 1_000 },
  { docId: 'doc-3', claimId: 'claim-2', kind: 'form', pages: 4, startTick: 4_000 },
  { docId: 'doc-4', claimId: 'claim-2', kind: 'report', pages: 80, startTick: 4_000 },
];
export const anotherClaim = defineLessonScenario({
  ...scenario,
  workload: OTHER_DOCUMENTS.map(({ startTick, ...body }) => ({ kind: 'burst' as const, service: 'Scanner', handler: 'Scan', count: 1, startTick, body })),
});
