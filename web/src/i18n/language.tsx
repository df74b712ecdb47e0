import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiProblem } from '../api';
import { TEXTS, type TextKey } from './texts';

/** The console speaks Kazakh, Russian and English; the choice is remembered in localStorage. */
export type Language = 'kk' | 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['kk', 'ru', 'en'];
export const LANGUAGE_NAMES: Record<Language, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };
const STORAGE_KEY = 'jomart.language';

export type Translate = (key: TextKey, values?: Record<string, string | number>) => string;

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** A problem from the API in words of the chosen language, picked by its stable code. */
  problemText(problem: ApiProblem): string;
}

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LANGUAGES as string[]).includes(stored)) return stored as Language;
  } catch {
    // Storage may be off (private mode): fall through to the browser's language.
  }
  const browser = (navigator.language || 'kk').slice(0, 2);
  return (LANGUAGES as string[]).includes(browser) ? (browser as Language) : 'kk';
}

export function translator(language: Language): Translate {
  const texts = TEXTS[language];
  return (key, values) => {
    let text: string = texts[key] ?? TEXTS.en[key] ?? key;
    if (values)
      for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
    return text;
  };
}

function isTextKey(key: string): key is TextKey {
  return key in TEXTS.en;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const t = translator(language);
    return {
      language,
      t,
      setLanguage(next) {
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Not remembered, but still switched.
        }
        setLanguageState(next);
      },
      problemText(problem) {
        const key = `problem.${problem.code}`;
        return isTextKey(key) ? t(key) : t('problem.UNKNOWN', { code: problem.code });
      },
    };
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
