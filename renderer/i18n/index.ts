import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setZodLanguage } from '../lib/errors.ts';
import type { Lang } from '../lib/format.ts';
import bg from './bg.json';
import en from './en.json';
import fr from './fr.json';

export const resources = { fr: { translation: fr }, en: { translation: en }, bg: { translation: bg } };

const LANG_KEY = 'comptoir.lang';

export function savedLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(LANG_KEY);
    if (v === 'fr' || v === 'en' || v === 'bg') return v;
  } catch {
    // no storage
  }
  return 'fr';
}

export function setLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(LANG_KEY, lang);
  } catch {
    // no storage
  }
  void i18next.changeLanguage(lang);
  setZodLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** French is the default; English and Bulgarian are complete translations. */
export function initI18n(lang: Lang = savedLang()) {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources,
      lng: lang,
      fallbackLng: false,
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
  } else {
    void i18next.changeLanguage(lang);
  }
  setZodLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  return i18next;
}

export default i18next;
