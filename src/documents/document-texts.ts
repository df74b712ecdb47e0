import type { DisplayLanguage } from '../money/display.js';

/**
 * Every word the patron documents print, in Kazakh, Russian and English. Kazakh is the default
 * language of a document. Sentences that carry a value take it as an argument, so word order stays
 * each language's own.
 */
export interface DocumentTexts {
  centerName: string;
  /** How an anonymous patron (or one whose personal data was erased) is named: SPEC §5. */
  anonymous: string;
  issuedOn: string;
  page: (number: number) => string;
  receipt: {
    title: string;
    number: string;
    date: string;
    patron: string;
    amount: string;
    fund: string;
    entry: string;
    entryHash: string;
    checkAgainstJournal: (entryId: number) => string;
    reversedMark: string;
    reversedNote: (reversalEntryId: number) => string;
    reversalHash: string;
  };
  statement: {
    title: (year: number) => string;
    patron: string;
    patronNumber: string;
    columns: { date: string; receipt: string; fund: string; amount: string; hash: string; status: string };
    posted: string;
    reversed: string;
    total: string;
    reversedExcluded: string;
    none: string;
    truncated: (shown: number, count: number) => string;
    checkAgainstJournal: string;
  };
  /** The group regions with fewer people than the privacy threshold are folded into. */
  otherRegions: string;
}

const kk: DocumentTexts = {
  centerName: '«Жомарт» қайырымдылық орталығы',
  anonymous: 'Аноним',
  issuedOn: 'Берілген күні',
  page: (number) => `${number}-бет`,
  receipt: {
    title: 'Қайырымдылық жарнасының түбіртегі',
    number: 'Түбіртек нөмірі',
    date: 'Жарна күні',
    patron: 'Демеуші',
    amount: 'Сомасы',
    fund: 'Қор',
    entry: 'Журнал жазбасы',
    entryHash: 'Жазбаның SHA-256 хэші',
    checkAgainstJournal: (entryId) =>
      `Бұл түбіртекті орталықтың журналымен салыстырып тексеруге болады: № ${entryId} жазбасының хэші жоғарыдағы хэшпен дәл сәйкес келуі тиіс.`,
    reversedMark: 'КЕРІ ҚАЙТАРЫЛДЫ',
    reversedNote: (reversalEntryId) =>
      `Бұл жарна № ${reversalEntryId} жазбасымен кері қайтарылды: түбіртек қайырымдылықтың дәлелі бола алмайды.`,
    reversalHash: 'Кері қайтару жазбасының хэші',
  },
  statement: {
    title: (year) => `${year} жылғы жарналар туралы үзінді-көшірме`,
    patron: 'Демеуші',
    patronNumber: 'Демеуші нөмірі',
    columns: {
      date: 'Күні',
      receipt: 'Түбіртек №',
      fund: 'Қор',
      amount: 'Сомасы',
      hash: 'Хэштің басы',
      status: 'Күйі',
    },
    posted: 'өткізілді',
    reversed: 'кері қайтарылды',
    total: 'Жыл ішіндегі барлығы',
    reversedExcluded: 'Кері қайтарылған жарналар жиынтыққа кірмейді.',
    none: 'Бұл жылы өткізілген жарналар жоқ.',
    truncated: (shown, count) =>
      `${count} жарнаның алғашқы ${shown}-і көрсетілді; жиынтық олардың бәрін қамтиды.`,
    checkAgainstJournal:
      'Әр жолды орталықтың журналымен салыстырып тексеруге болады: түбіртек бойынша жазбаның хэші көрсетілген басынан басталуы тиіс.',
  },
  otherRegions: 'басқа өңірлер',
};

const ru: DocumentTexts = {
  centerName: 'Благотворительный центр «Жомарт»',
  anonymous: 'Аноним',
  issuedOn: 'Дата выдачи',
  page: (number) => `Стр. ${number}`,
  receipt: {
    title: 'Квитанция о пожертвовании',
    number: 'Номер квитанции',
    date: 'Дата пожертвования',
    patron: 'Жертвователь',
    amount: 'Сумма',
    fund: 'Фонд',
    entry: 'Запись журнала',
    entryHash: 'SHA-256 хеш записи',
    checkAgainstJournal: (entryId) =>
      `Квитанцию можно проверить по журналу центра: хеш записи № ${entryId} должен в точности совпадать с указанным выше.`,
    reversedMark: 'СТОРНИРОВАНО',
    reversedNote: (reversalEntryId) =>
      `Это пожертвование сторнировано записью № ${reversalEntryId}: квитанция не подтверждает пожертвование.`,
    reversalHash: 'Хеш записи сторно',
  },
  statement: {
    title: (year) => `Выписка о пожертвованиях за ${year} год`,
    patron: 'Жертвователь',
    patronNumber: 'Номер жертвователя',
    columns: {
      date: 'Дата',
      receipt: 'Квитанция №',
      fund: 'Фонд',
      amount: 'Сумма',
      hash: 'Начало хеша',
      status: 'Статус',
    },
    posted: 'проведено',
    reversed: 'сторнировано',
    total: 'Итого за год',
    reversedExcluded: 'Сторнированные пожертвования в итог не входят.',
    none: 'В этом году проведённых пожертвований нет.',
    truncated: (shown, count) => `Показаны первые ${shown} из ${count} пожертвований; итог учитывает все.`,
    checkAgainstJournal:
      'Каждую строку можно проверить по журналу центра: хеш записи по квитанции должен начинаться с указанных символов.',
  },
  otherRegions: 'другие регионы',
};

const en: DocumentTexts = {
  centerName: 'Jomart Charity Center',
  anonymous: 'Anonymous',
  issuedOn: 'Issued on',
  page: (number) => `Page ${number}`,
  receipt: {
    title: 'Donation receipt',
    number: 'Receipt number',
    date: 'Date of donation',
    patron: 'Patron',
    amount: 'Amount',
    fund: 'Fund',
    entry: 'Journal entry',
    entryHash: 'Entry SHA-256 hash',
    checkAgainstJournal: (entryId) =>
      `This receipt can be checked against the center's journal: the hash of entry no. ${entryId} must equal the hash above exactly.`,
    reversedMark: 'REVERSED',
    reversedNote: (reversalEntryId) =>
      `This donation was reversed by entry no. ${reversalEntryId}: this receipt is not proof of a gift.`,
    reversalHash: 'Reversal entry hash',
  },
  statement: {
    title: (year) => `Statement of donations for ${year}`,
    patron: 'Patron',
    patronNumber: 'Patron number',
    columns: {
      date: 'Date',
      receipt: 'Receipt no.',
      fund: 'Fund',
      amount: 'Amount',
      hash: 'Hash prefix',
      status: 'Status',
    },
    posted: 'posted',
    reversed: 'reversed',
    total: 'Total for the year',
    reversedExcluded: 'Reversed donations are not included in the total.',
    none: 'No posted donations in this year.',
    truncated: (shown, count) =>
      `The first ${shown} of ${count} donations are listed; the total covers all of them.`,
    checkAgainstJournal:
      "Each line can be checked against the center's journal: the hash of the receipt's entry must start with the characters shown.",
  },
  otherRegions: 'other regions',
};

export const DOCUMENT_TEXTS: Readonly<Record<DisplayLanguage, DocumentTexts>> = { kk, ru, en };
