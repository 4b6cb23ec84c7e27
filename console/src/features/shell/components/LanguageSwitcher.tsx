import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { GlobeIcon } from '../../../design-system';
import { CONSOLE_LANGUAGES, isConsoleLanguage } from '../../../i18n';
import { loadInterfaceFont } from '../../../i18n/interface-font';
import './LanguageSwitcher.css';

/** Picks the console's language; the choice is remembered on this computer. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = isConsoleLanguage(i18n.language) ? i18n.language : 'en';
  return (
    <div className="cc-language">
      <label htmlFor={id} className="cc-language__label" title={t('language.label')}>
        <GlobeIcon className="cc-language__icon" />
        <span className="cc-visually-hidden">{t('language.label')}</span>
      </label>
      <select
        id={id}
        className="cc-language__select"
        value={current}
        onChange={(event) => {
          const next = event.target.value;
          if (!isConsoleLanguage(next)) return;
          // The new language's text is drawn once its font is here (see loadInterfaceFont).
          void loadInterfaceFont(next).then(() => i18n.changeLanguage(next));
        }}
      >
        {CONSOLE_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.names.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
