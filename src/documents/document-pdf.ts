import fs from 'node:fs';
import { createRequire } from 'node:module';
import { type DisplayLanguage, formatDateForPeople, formatTengeForPeople } from '../money/display.js';
import type { Money } from '../money/money.js';
import type { EntrySeal, StatementLine, StatementTotals } from './document-store.js';
import { DOCUMENT_TEXTS, type DocumentTexts } from './document-texts.js';

/** What a receipt says; the service gathers it, this file only lays it out. */
export interface ReceiptContent {
  language: DisplayLanguage;
  donationId: number;
  /** Value date of the entry that moved the money. */
  date: string;
  /** The name to print: already «Аноним» / "Anonymous" where the patron asked for it. */
  patronName: string;
  amount: Money;
  fundName: string;
  postedEntry: EntrySeal;
  reversal: EntrySeal | null;
  issuedOn: string;
  issuedAt: Date;
}

export interface StatementContent {
  language: DisplayLanguage;
  year: number;
  patronId: number;
  patronName: string;
  lines: StatementLine[];
  totals: StatementTotals;
  issuedOn: string;
  issuedAt: Date;
}

/**
 * The DejaVu fonts cover Kazakh (ә ғ қ ң ө ұ ү һ і), Russian and the tenge sign ₸; PDF's built-in
 * fonts do not. They are resolved from the `dejavu-fonts-ttf` package relative to this module, so
 * the same code finds them from src/ under tsx and from dist/src/ under node.
 */
const requireFromHere = createRequire(import.meta.url);
const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;

let fontCache: Record<FontName, Buffer> | null = null;

/** Read once per process: the files do not change while it runs. */
function fonts(): Record<FontName, Buffer> {
  fontCache ??= {
    regular: fs.readFileSync(requireFromHere.resolve(FONT_FILES.regular)),
    bold: fs.readFileSync(requireFromHere.resolve(FONT_FILES.bold)),
    mono: fs.readFileSync(requireFromHere.resolve(FONT_FILES.mono)),
  };
  return fontCache;
}

const PDF_LANGUAGE: Readonly<Record<DisplayLanguage, string>> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en' };
const PAGE_MARGIN_POINTS = 50;
const LABEL_WIDTH_POINTS = 170;
const TITLE_POINTS = 17;
const REVERSED_COLOR = '#b00020';
const MUTED_COLOR = '#555555';
/** How many hex digits of an entry hash a statement line shows: 48 bits, enough to spot a mismatch. */
export const STATEMENT_HASH_PREFIX_LENGTH = 12;

type Pdf = PDFKit.PDFDocument;

/** A one-page receipt for a posted donation, marked when the donation was later reversed. */
export function renderReceipt(content: ReceiptContent): Promise<Buffer> {
  const texts = DOCUMENT_TEXTS[content.language];
  return renderPdf(
    content.language,
    texts,
    `${texts.receipt.title} № ${content.donationId}`,
    content.issuedAt,
    (pdf) => {
      heading(pdf, texts, texts.receipt.title);
      if (content.reversal) {
        pdf.font('bold').fontSize(18).fillColor(REVERSED_COLOR).text(texts.receipt.reversedMark);
        pdf.fillColor('black').moveDown(0.5);
      }
      const { receipt } = texts;
      field(pdf, receipt.number, String(content.donationId));
      field(pdf, receipt.date, formatDateForPeople(content.date));
      field(pdf, receipt.patron, content.patronName);
      field(pdf, receipt.amount, formatTengeForPeople(content.amount, content.language), 'bold', 14);
      field(pdf, receipt.fund, content.fundName);
      field(pdf, receipt.entry, `№ ${content.postedEntry.id}`);
      hashLine(pdf, receipt.entryHash, content.postedEntry.hash);
      if (content.reversal) {
        pdf.moveDown(0.5).font('bold').fontSize(11).fillColor(REVERSED_COLOR);
        pdf.text(receipt.reversedNote(content.reversal.id), PAGE_MARGIN_POINTS);
        pdf.fillColor('black').moveDown(0.3);
        hashLine(pdf, receipt.reversalHash, content.reversal.hash);
      }
      pdf.moveDown(1).font('regular').fontSize(10).fillColor(MUTED_COLOR);
      pdf.text(receipt.checkAgainstJournal(content.postedEntry.id), PAGE_MARGIN_POINTS);
      pdf.fillColor('black').moveDown(1);
      field(pdf, texts.issuedOn, formatDateForPeople(content.issuedOn));
    },
  );
}

/** Column layout of a statement line, in points; they add up to the width between the margins. */
const STATEMENT_COLUMNS = [
  { key: 'date', width: 60, align: 'left' },
  { key: 'receipt', width: 48, align: 'left' },
  { key: 'fund', width: 106, align: 'left' },
  { key: 'amount', width: 108, align: 'right' },
  { key: 'hash', width: 70, align: 'left' },
  { key: 'status', width: 103, align: 'left' },
] as const;
type StatementColumn = (typeof STATEMENT_COLUMNS)[number]['key'];
const STATEMENT_ROW_POINTS = 16;
const STATEMENT_FONT_POINTS = 8.5;
const COLUMN_GAP_POINTS = 4;

/** A yearly statement: every posted donation of the year, reversed ones marked, and the net total. */
export function renderStatement(content: StatementContent): Promise<Buffer> {
  const texts = DOCUMENT_TEXTS[content.language];
  const title = texts.statement.title(content.year);
  return renderPdf(content.language, texts, title, content.issuedAt, (pdf) => {
    heading(pdf, texts, title);
    field(pdf, texts.statement.patron, content.patronName);
    field(pdf, texts.statement.patronNumber, String(content.patronId));
    field(pdf, texts.issuedOn, formatDateForPeople(content.issuedOn));
    pdf.moveDown(0.8);
    if (content.lines.length === 0) {
      pdf.font('regular').fontSize(11).text(texts.statement.none, PAGE_MARGIN_POINTS);
    } else {
      statementTable(pdf, texts, content);
    }
    pdf.moveDown(0.8);
    field(
      pdf,
      texts.statement.total,
      formatTengeForPeople(content.totals.netTotal, content.language),
      'bold',
      12,
    );
    pdf.moveDown(0.5).font('regular').fontSize(9).fillColor(MUTED_COLOR);
    if (content.lines.length < content.totals.count) {
      pdf.text(texts.statement.truncated(content.lines.length, content.totals.count), PAGE_MARGIN_POINTS);
    }
    pdf.text(texts.statement.reversedExcluded, PAGE_MARGIN_POINTS);
    pdf.text(texts.statement.checkAgainstJournal, PAGE_MARGIN_POINTS);
    pdf.fillColor('black');
  });
}

function statementTable(pdf: Pdf, texts: DocumentTexts, content: StatementContent): void {
  const header = texts.statement.columns;
  headerRow(pdf, header);
  for (const line of content.lines) {
    if (pdf.y + STATEMENT_ROW_POINTS > pdf.page.height - PAGE_MARGIN_POINTS) {
      pdf.addPage();
      headerRow(pdf, header);
    }
    const reversed = line.reversalEntryId !== null;
    lineRow(
      pdf,
      {
        date: formatDateForPeople(line.date),
        receipt: String(line.donationId),
        fund: line.fundName,
        amount: formatTengeForPeople(line.amount, content.language),
        hash: line.postedEntryHash.slice(0, STATEMENT_HASH_PREFIX_LENGTH),
        status: reversed ? texts.statement.reversed : texts.statement.posted,
      },
      reversed ? REVERSED_COLOR : 'black',
    );
  }
}

/** The column titles in bold; a long title wraps onto a second line rather than being cut. */
function headerRow(pdf: Pdf, cells: Readonly<Record<StatementColumn, string>>): void {
  const top = pdf.y;
  let left = PAGE_MARGIN_POINTS;
  let bottom = top;
  pdf.font('bold').fontSize(STATEMENT_FONT_POINTS).fillColor(MUTED_COLOR);
  for (const column of STATEMENT_COLUMNS) {
    pdf.text(cells[column.key], left, top, { width: column.width - COLUMN_GAP_POINTS, align: column.align });
    bottom = Math.max(bottom, pdf.y);
    left += column.width;
  }
  pdf.fillColor('black');
  pdf.x = PAGE_MARGIN_POINTS;
  pdf.y = bottom + STATEMENT_ROW_POINTS / 4;
}

/** One donation: each cell on one line, cut to its column (a long fund name ends in an ellipsis). */
function lineRow(pdf: Pdf, cells: Readonly<Record<StatementColumn, string>>, color: string): void {
  const top = pdf.y;
  let left = PAGE_MARGIN_POINTS;
  for (const column of STATEMENT_COLUMNS) {
    pdf
      .font(column.key === 'hash' ? 'mono' : 'regular')
      .fontSize(STATEMENT_FONT_POINTS)
      .fillColor(color);
    pdf.text(cells[column.key], left, top, {
      width: column.width - COLUMN_GAP_POINTS,
      height: STATEMENT_ROW_POINTS,
      align: column.align,
      ellipsis: true,
      lineBreak: false,
    });
    left += column.width;
  }
  pdf.fillColor('black');
  pdf.x = PAGE_MARGIN_POINTS;
  pdf.y = top + STATEMENT_ROW_POINTS;
}

function heading(pdf: Pdf, texts: DocumentTexts, title: string): void {
  pdf.font('bold').fontSize(13).fillColor(MUTED_COLOR).text(texts.centerName);
  pdf.moveDown(0.3).fillColor('black').fontSize(TITLE_POINTS).text(title);
  const ruleY = pdf.y + 6;
  pdf
    .moveTo(PAGE_MARGIN_POINTS, ruleY)
    .lineTo(pdf.page.width - PAGE_MARGIN_POINTS, ruleY)
    .strokeColor('#999999')
    .stroke();
  pdf.y = ruleY + 14;
}

/** A label on the left and its value beside it; a long value wraps within its column. */
function field(
  pdf: Pdf,
  label: string,
  value: string,
  valueFont: FontName = 'regular',
  valuePoints = 11,
): void {
  const top = pdf.y;
  const valueLeft = PAGE_MARGIN_POINTS + LABEL_WIDTH_POINTS;
  const valueWidth = pdf.page.width - PAGE_MARGIN_POINTS - valueLeft;
  pdf.font('regular').fontSize(10).fillColor(MUTED_COLOR);
  pdf.text(label, PAGE_MARGIN_POINTS, top, { width: LABEL_WIDTH_POINTS - 10 });
  const labelBottom = pdf.y;
  pdf.font(valueFont).fontSize(valuePoints).fillColor('black');
  pdf.text(value, valueLeft, top, { width: valueWidth });
  pdf.x = PAGE_MARGIN_POINTS;
  pdf.y = Math.max(labelBottom, pdf.y) + 4;
}

/** A 64-digit hash under its label, in a monospaced font across the whole width. */
function hashLine(pdf: Pdf, label: string, hash: string): void {
  pdf.font('regular').fontSize(10).fillColor(MUTED_COLOR).text(label, PAGE_MARGIN_POINTS);
  pdf.font('mono').fontSize(10).fillColor('black').text(hash, PAGE_MARGIN_POINTS);
  pdf.moveDown(0.4);
}

/** Builds a PDF with the DejaVu fonts registered and collects its bytes. */
async function renderPdf(
  language: DisplayLanguage,
  texts: DocumentTexts,
  title: string,
  issuedAt: Date,
  draw: (pdf: Pdf) => void,
): Promise<Buffer> {
  // Loaded on first use: pdfkit is large, and most processes never write a PDF.
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'A4',
      margin: PAGE_MARGIN_POINTS,
      lang: PDF_LANGUAGE[language],
      info: { Title: title, Author: texts.centerName, Creator: 'Jomart Ledger', CreationDate: issuedAt },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    const files = fonts();
    for (const name of Object.keys(files) as FontName[]) pdf.registerFont(name, files[name]);
    try {
      pdf.font('regular');
      draw(pdf);
      pdf.end();
    } catch (error) {
      reject(error);
    }
  });
}
