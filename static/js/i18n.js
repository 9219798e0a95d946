// The page's one translator: every word the learner reads, in Russian and English (./strings/<lang>.js, one
// table each), the current language (kept here and nowhere else), and t(key, vars) to look words up. A table
// is loaded when its language is first spoken (loadLanguage): a page in English never loads the Russian words.

export const LANGUAGES = ["ru", "en"];
const TABLES = { en: () => import("./strings/en.js"), ru: () => import("./strings/ru.js") };

/** The tables loaded so far, by language. */
export const STRINGS = {};

let current = "en";

/** Load the words of `lang` (English for a language the page does not speak); returns the language loaded. */
export async function loadLanguage(lang) {
  const chosen = LANGUAGES.includes(lang) ? lang : "en";
  STRINGS[chosen] ??= (await TABLES[chosen]()).default;
  return chosen;
}

/** Switch the language every t() call speaks from now on (its words loaded by loadLanguage first). */
export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : "en";
  return current;
}

export const language = () => current;

/** `?lang=` first, then the server's pick from Accept-Language, then navigator.languages; English otherwise. */
export function chooseLanguage(asked, fromServer, browser) {
  if (LANGUAGES.includes(asked)) return asked;
  if (LANGUAGES.includes(fromServer)) return fromServer;
  for (const tag of browser) {
    const code = String(tag || "")
      .slice(0, 2)
      .toLowerCase();
    if (LANGUAGES.includes(code)) return code;
  }
  return "en";
}

/** The words for `key` in the current language, with `vars` filled in. */
export function t(key, vars = {}) {
  return translator(current)(key, vars);
}

/** A t(key, vars) fixed to one language (the views harness, tests). */
export function translator(lang) {
  const table = STRINGS[lang] ?? STRINGS[current] ?? {};
  return (key, vars = {}) => {
    const text = table[key] ?? STRINGS.en?.[key] ?? key;
    return fillIn(text, vars);
  };
}

/** `{name}` gets vars.name; `{n:число|числа|чисел}` (ru: one, few, many) or `{n:cell|cells}` the word that fits n. */
export function fillIn(text, vars = {}) {
  return text
    .replace(/\{(\w+):([^}]+)\}/g, (whole, name, forms) =>
      name in vars ? plural(vars[name], forms.split("|")) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

function plural(value, forms) {
  const n = Math.abs(Math.trunc(Number(String(value).replace(/[^\d.-]/g, "")) || 0));
  if (forms.length < 3) return n === 1 ? forms[0] : forms[forms.length - 1];
  const [ten, hundred] = [n % 10, n % 100];
  if (hundred >= 11 && hundred <= 14) return forms[2];
  return ten === 1 ? forms[0] : ten >= 2 && ten <= 4 ? forms[1] : forms[2];
}

/** Fill elements marked data-i18n (text), data-i18n-aria-label, data-i18n-placeholder, data-i18n-title. */
export function applyTranslations(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const [attr, key] of [
    ["aria-label", "i18nAriaLabel"],
    ["placeholder", "i18nPlaceholder"],
    ["title", "i18nTitle"],
  ]) {
    for (const el of root.querySelectorAll(`[data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`)) {
      el.setAttribute(attr, t(el.dataset[key]));
    }
  }
}
