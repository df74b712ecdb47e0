/**
 * A strict RFC 4180 reader for the tests, written apart from the writer under test: fields are
 * separated by commas, records end with CRLF, a field in double quotes may hold commas, CR, LF and
 * doubled quotes. Anything else (a bare quote inside an unquoted field, a missing last CRLF, text
 * after a closing quote) throws, so a sloppy document fails the test instead of parsing by luck.
 */
export function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  let fieldStart = true;
  while (index < text.length) {
    const character = text[index] as string;
    if (fieldStart && character === '"') {
      const end = closingQuote(text, index + 1);
      field = text.slice(index + 1, end).replaceAll('""', '"');
      index = end + 1;
      fieldStart = false;
      const next = text[index];
      if (next !== ',' && next !== '\r') throw new Error(`text after a closing quote at ${index}`);
      continue;
    }
    if (character === ',') {
      record.push(field);
      field = '';
      fieldStart = true;
      index += 1;
    } else if (character === '\r') {
      if (text[index + 1] !== '\n') throw new Error(`a CR without LF at ${index}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
      index += 2;
    } else if (character === '"' || character === '\n') {
      throw new Error(`a bare ${JSON.stringify(character)} in an unquoted field at ${index}`);
    } else {
      field += character;
      fieldStart = false;
      index += 1;
    }
  }
  if (!fieldStart || field !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

function closingQuote(text: string, from: number): number {
  let index = from;
  for (;;) {
    const quote = text.indexOf('"', index);
    if (quote < 0) throw new Error(`an unterminated quoted field from ${from - 1}`);
    if (text[quote + 1] === '"') {
      index = quote + 2;
      continue;
    }
    return quote;
  }
}
