import { render } from 'preact';
import { App } from './app';
import { I18nProvider } from './i18n/language';
import { SessionProvider } from './session';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
render(
  <I18nProvider>
    <SessionProvider>
      <App />
    </SessionProvider>
  </I18nProvider>,
  root,
);
