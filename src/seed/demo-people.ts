import { taxIdCheckDigit } from '../people/tax-id.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * Names and tax ids for the demo data set: Kazakh and Russian names combined from short lists
 * (first name, surname, patronymic), IINs whose date, century/sex digit and check digit agree with
 * the person, and BINs for companies. Every number is valid by the check digit of SPEC §5.
 */
const KAZAKH_MALE_NAMES = [
  'Ерлан',
  'Нурлан',
  'Асхат',
  'Бауыржан',
  'Даурен',
  'Ержан',
  'Қайрат',
  'Марат',
  'Серік',
  'Тимур',
  'Арман',
  'Айдос',
  'Жандос',
  'Олжас',
  'Ғалым',
];
const KAZAKH_FEMALE_NAMES = [
  'Айгерім',
  'Динара',
  'Гүлнар',
  'Жанар',
  'Айжан',
  'Салтанат',
  'Әсел',
  'Мадина',
  'Камила',
  'Әсем',
  'Ақбота',
  'Назерке',
  'Гүлмира',
];
const KAZAKH_SURNAMES = [
  'Ахметов',
  'Жұмабаев',
  'Нұрланов',
  'Сейітқазиев',
  'Қасымов',
  'Бекмұханбетов',
  'Омаров',
  'Төлегенов',
  'Ысқақов',
  'Әбенов',
  'Есенов',
  'Сарсенбаев',
  'Оспанов',
];
const KAZAKH_FATHER_NAMES = [
  'Ерлан',
  'Нұрлан',
  'Асхат',
  'Болат',
  'Қанат',
  'Мұрат',
  'Серік',
  'Жақсылық',
  'Талғат',
  'Бақыт',
];
const RUSSIAN_MALE_NAMES = [
  'Александр',
  'Сергей',
  'Дмитрий',
  'Андрей',
  'Алексей',
  'Иван',
  'Виктор',
  'Николай',
  'Павел',
];
const RUSSIAN_FEMALE_NAMES = [
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Ирина',
  'Светлана',
  'Анна',
  'Мария',
  'Людмила',
];
const RUSSIAN_SURNAMES = [
  'Иванов',
  'Петров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
];
const RUSSIAN_PATRONYMICS: readonly (readonly [string, string])[] = [
  ['Александрович', 'Александровна'],
  ['Сергеевич', 'Сергеевна'],
  ['Викторович', 'Викторовна'],
  ['Николаевич', 'Николаевна'],
  ['Петрович', 'Петровна'],
  ['Владимирович', 'Владимировна'],
  ['Иванович', 'Ивановна'],
];
const COMPANY_FORMS = ['ТОО', 'АО', 'ИП'];
const COMPANY_WORDS = [
  'Нұр',
  'Алтын',
  'Береке',
  'Дала',
  'Сарыарқа',
  'Жетісу',
  'Каспий',
  'Алатау',
  'Самал',
  'Көктем',
];
const COMPANY_TRADES = ['Строй', 'Логистик', 'Агро', 'Трейд', 'Сервис', 'Фарм', 'Энерго', 'Групп', 'Медиа'];

/** Share of recipients and patrons with a Kazakh (rather than a Russian) name. */
const KAZAKH_NAME_SHARE = 0.7;
const FIRST_BIRTH_YEAR = 1940;
const LAST_BIRTH_YEAR = 2008;
/** A serial that happens to have no check digit is replaced; this bounds the retries. */
const MAX_TAX_ID_ATTEMPTS = 50;

export interface DemoPerson {
  fullName: string;
  iin: string;
}

/** Makes people and companies with tax ids never handed out twice in one data set. */
export class DemoPeople {
  private readonly usedTaxIds = new Set<string>();

  constructor(private readonly random: SeededRandom) {}

  person(): DemoPerson {
    const female = this.random.chance(0.55);
    const fullName = this.random.chance(KAZAKH_NAME_SHARE)
      ? this.kazakhName(female)
      : this.russianName(female);
    return { fullName, iin: this.iin(female) };
  }

  company(): { name: string; bin: string } {
    const name = `${this.random.pick(COMPANY_FORMS)} «${this.random.pick(COMPANY_WORDS)} ${this.random.pick(COMPANY_TRADES)}»`;
    return { name, bin: this.bin() };
  }

  private kazakhName(female: boolean): string {
    const first = this.random.pick(female ? KAZAKH_FEMALE_NAMES : KAZAKH_MALE_NAMES);
    const surname = this.random.pick(KAZAKH_SURNAMES);
    const father = this.random.pick(KAZAKH_FATHER_NAMES);
    return `${female ? `${surname}а` : surname} ${first} ${father}${female ? 'қызы' : 'ұлы'}`;
  }

  private russianName(female: boolean): string {
    const first = this.random.pick(female ? RUSSIAN_FEMALE_NAMES : RUSSIAN_MALE_NAMES);
    const surname = this.random.pick(RUSSIAN_SURNAMES);
    const [male, femalePatronymic] = this.random.pick(RUSSIAN_PATRONYMICS);
    return `${female ? `${surname}а` : surname} ${first} ${female ? femalePatronymic : male}`;
  }

  /** YYMMDD, the century-and-sex digit (3/4 born in the 1900s, 5/6 in the 2000s), a serial, the check digit. */
  private iin(female: boolean): string {
    return this.unique(() => {
      const year = this.random.integer(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR);
      const month = this.random.integer(1, 12);
      const day = this.random.integer(1, 28);
      const centuryDigit = (year < 2000 ? 3 : 5) + (female ? 1 : 0);
      return `${twoDigits(year % 100)}${twoDigits(month)}${twoDigits(day)}${centuryDigit}${this.digits(4)}`;
    });
  }

  /** YYMM of registration, 4 (a resident legal entity), 0 (head office), a serial, the check digit. */
  private bin(): string {
    return this.unique(
      () =>
        `${twoDigits(this.random.integer(0, 25))}${twoDigits(this.random.integer(1, 12))}40${this.digits(5)}`,
    );
  }

  private unique(first11: () => string): string {
    for (let attempt = 0; attempt < MAX_TAX_ID_ATTEMPTS; attempt++) {
      const body = first11();
      const check = taxIdCheckDigit(body);
      const taxId = `${body}${check}`;
      if (check !== null && !this.usedTaxIds.has(taxId)) {
        this.usedTaxIds.add(taxId);
        return taxId;
      }
    }
    throw new Error(`no new valid tax id after ${MAX_TAX_ID_ATTEMPTS} attempts`);
  }

  private digits(count: number): string {
    return String(this.random.integer(0, 10 ** count - 1)).padStart(count, '0');
  }
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}
