/**
 * The 20 first-level divisions of Kazakhstan a recipient lives in, by ISO 3166-2:KZ code: 17 oblasts
 * and the 3 cities of republican significance, with their KATO codes and names in Kazakh, Russian
 * and English. Copied from the shared data/regions.tsv so the server never reads outside its repository;
 * test/recipients/regions.test.ts checks the copy against that file.
 */
export type RegionKind = 'oblast' | 'city_of_republican_significance';

export interface Region {
  /** ISO 3166-2:KZ, e.g. `KZ-75`. */
  code: string;
  /** The national classifier of administrative units (KATO). */
  katoCode: string;
  kk: string;
  ru: string;
  en: string;
  kind: RegionKind;
}

export const REGIONS = [
  {
    code: 'KZ-10',
    katoCode: '100000000',
    kk: 'Абай облысы',
    ru: 'область Абай',
    en: 'Abai Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-11',
    katoCode: '110000000',
    kk: 'Ақмола облысы',
    ru: 'Акмолинская область',
    en: 'Akmola Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-15',
    katoCode: '150000000',
    kk: 'Ақтөбе облысы',
    ru: 'Актюбинская область',
    en: 'Aktobe Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-19',
    katoCode: '190000000',
    kk: 'Алматы облысы',
    ru: 'Алматинская область',
    en: 'Almaty Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-23',
    katoCode: '230000000',
    kk: 'Атырау облысы',
    ru: 'Атырауская область',
    en: 'Atyrau Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-27',
    katoCode: '270000000',
    kk: 'Батыс Қазақстан облысы',
    ru: 'Западно-Казахстанская область',
    en: 'West Kazakhstan Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-31',
    katoCode: '310000000',
    kk: 'Жамбыл облысы',
    ru: 'Жамбылская область',
    en: 'Zhambyl Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-33',
    katoCode: '330000000',
    kk: 'Жетісу облысы',
    ru: 'область Жетісу',
    en: 'Zhetysu Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-35',
    katoCode: '350000000',
    kk: 'Қарағанды облысы',
    ru: 'Карагандинская область',
    en: 'Karaganda Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-39',
    katoCode: '390000000',
    kk: 'Қостанай облысы',
    ru: 'Костанайская область',
    en: 'Kostanay Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-43',
    katoCode: '430000000',
    kk: 'Қызылорда облысы',
    ru: 'Кызылординская область',
    en: 'Kyzylorda Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-47',
    katoCode: '470000000',
    kk: 'Маңғыстау облысы',
    ru: 'Мангистауская область',
    en: 'Mangystau Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-55',
    katoCode: '550000000',
    kk: 'Павлодар облысы',
    ru: 'Павлодарская область',
    en: 'Pavlodar Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-59',
    katoCode: '590000000',
    kk: 'Солтүстік Қазақстан облысы',
    ru: 'Северо-Казахстанская область',
    en: 'North Kazakhstan Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-61',
    katoCode: '610000000',
    kk: 'Түркістан облысы',
    ru: 'Туркестанская область',
    en: 'Turkistan Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-62',
    katoCode: '620000000',
    kk: 'Ұлытау облысы',
    ru: 'область Ұлытау',
    en: 'Ulytau Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-63',
    katoCode: '630000000',
    kk: 'Шығыс Қазақстан облысы',
    ru: 'Восточно-Казахстанская область',
    en: 'East Kazakhstan Region',
    kind: 'oblast',
  },
  {
    code: 'KZ-71',
    katoCode: '710000000',
    kk: 'Астана қаласы',
    ru: 'г.Астана',
    en: 'Astana',
    kind: 'city_of_republican_significance',
  },
  {
    code: 'KZ-75',
    katoCode: '750000000',
    kk: 'Алматы қаласы',
    ru: 'г.Алматы',
    en: 'Almaty',
    kind: 'city_of_republican_significance',
  },
  {
    code: 'KZ-79',
    katoCode: '790000000',
    kk: 'Шымкент қаласы',
    ru: 'г.Шымкент',
    en: 'Shymkent',
    kind: 'city_of_republican_significance',
  },
] as const satisfies readonly Region[];

export type RegionCode = (typeof REGIONS)[number]['code'];

/** The codes alone, in the file's order: for schemas (an enum in the OpenAPI document) and checks. */
export const REGION_CODES = REGIONS.map((region) => region.code) as [RegionCode, ...RegionCode[]];

const REGION_CODE_SET: ReadonlySet<string> = new Set(REGION_CODES);

export function isRegionCode(value: unknown): value is RegionCode {
  return typeof value === 'string' && REGION_CODE_SET.has(value);
}
