import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { LANGUAGE_NAMES, LANGUAGES, useI18n } from './i18n/language';
import type { TextKey } from './i18n/texts';
import { AdminPage } from './pages/admin';
import { AidPage } from './pages/aid';
import { AuditPage } from './pages/audit';
import { DonationsPage } from './pages/donations';
import { JournalPage } from './pages/journal';
import { MyDonationsPage } from './pages/my-donations';
import { MyImpactPage } from './pages/my-impact';
import { PatronPage, PatronsPage } from './pages/patrons';
import { PublicSummaryPage } from './pages/public-summary';
import { RecipientPage } from './pages/recipient';
import { RecipientsPage } from './pages/recipients';
import { ReportsPage } from './pages/reports';
import { SessionExpiredDialog, SignInPage } from './pages/sign-in';
import { SignUpPage } from './pages/sign-up';
import { StatementImportPage } from './pages/statement-import';
import { Link, matchPath, navigate, usePath } from './router';
import { useSession } from './session';
import type { Role } from './types';

/** The console's pages: who may open each, and where each role lands after signing in. */
interface PageRoute {
  pattern: string;
  label?: TextKey;
  roles: readonly Role[] | 'public';
  render: (parameters: Record<string, string>) => ComponentChildren;
}

const STAFF: readonly Role[] = ['staff', 'admin'];
const READERS: readonly Role[] = ['staff', 'admin', 'auditor'];

const ROUTES: PageRoute[] = [
  { pattern: '/my', label: 'nav.myDonations', roles: ['patron'], render: () => <MyDonationsPage /> },
  { pattern: '/my/impact', label: 'nav.myImpact', roles: ['patron'], render: () => <MyImpactPage /> },
  { pattern: '/donations', label: 'nav.donations', roles: STAFF, render: () => <DonationsPage /> },
  { pattern: '/aid', label: 'nav.aid', roles: STAFF, render: () => <AidPage /> },
  { pattern: '/recipients', label: 'nav.recipients', roles: STAFF, render: () => <RecipientsPage /> },
  { pattern: '/recipients/:id', roles: READERS, render: ({ id }) => <RecipientPage id={Number(id)} /> },
  { pattern: '/patrons', label: 'nav.patrons', roles: STAFF, render: () => <PatronsPage /> },
  { pattern: '/patrons/:id', roles: READERS, render: ({ id }) => <PatronPage id={Number(id)} /> },
  { pattern: '/import', label: 'nav.import', roles: STAFF, render: () => <StatementImportPage /> },
  { pattern: '/journal', label: 'nav.journal', roles: READERS, render: () => <JournalPage /> },
  {
    pattern: '/reports',
    label: 'nav.reports',
    roles: READERS,
    render: () => <ReportsPage name="overview" />,
  },
  {
    pattern: '/reports/:name',
    roles: READERS,
    render: ({ name }) => <ReportsPage name={name ?? 'overview'} />,
  },
  { pattern: '/audit', label: 'nav.audit', roles: READERS, render: () => <AuditPage /> },
  { pattern: '/admin', label: 'nav.admin', roles: ['admin'], render: () => <AdminPage /> },
  { pattern: '/', label: 'nav.summary', roles: 'public', render: () => <PublicSummaryPage /> },
  { pattern: '/sign-in', roles: 'public', render: () => <SignInPage /> },
  { pattern: '/sign-up', roles: 'public', render: () => <SignUpPage /> },
];

export function homeOf(role: Role): string {
  return { patron: '/my', staff: '/donations', admin: '/donations', auditor: '/reports' }[role];
}

function allowed(route: PageRoute, role: Role | undefined): boolean {
  return route.roles === 'public' || (role !== undefined && route.roles.includes(role));
}

function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <fieldset class="language-switch">
      <legend class="visually-hidden">{t('language.choose')}</legend>
      {LANGUAGES.map((candidate) => (
        <button
          key={candidate}
          type="button"
          lang={candidate}
          aria-pressed={candidate === language}
          onClick={() => setLanguage(candidate)}
        >
          {LANGUAGE_NAMES[candidate]}
        </button>
      ))}
    </fieldset>
  );
}

function Header({ path }: { path: string }) {
  const { t } = useI18n();
  const session = useSession();
  const role = session.user?.role;
  const items = ROUTES.filter(
    (route) => route.label && allowed(route, role) && (route.roles !== 'public' || route.pattern === '/'),
  );
  const open = path.split('?')[0] ?? '/';
  // The menu item of the open page: the longest that contains it (/my/impact is not /my).
  const currentItem = items
    .map((route) => route.pattern)
    .filter((pattern) =>
      pattern === '/' ? open === '/' : open === pattern || open.startsWith(`${pattern}/`),
    )
    .sort((left, right) => right.length - left.length)[0];
  return (
    <header class="site-header">
      <div class="header-top">
        <Link href={session.user ? homeOf(session.user.role) : '/'} class="brand">
          <span class="brand-mark" aria-hidden="true">
            ₸
          </span>
          <span>
            Jomart <span class="brand-sub">{t('brand.ledger')}</span>
          </span>
        </Link>
        <div class="header-tools">
          <LanguageSwitch />
          {session.user ? (
            <div class="who">
              <span class="who-name">
                {session.user.name || session.user.email} · {t(`role.${session.user.role}`)}
              </span>
              <button
                type="button"
                class="button link"
                onClick={() => {
                  session.signOut();
                  navigate('/');
                }}
              >
                {t('nav.signOut')}
              </button>
            </div>
          ) : (
            <div class="who">
              <Link href="/sign-in" class="button small">
                {t('nav.signIn')}
              </Link>
              <Link href="/sign-up" class="button small secondary">
                {t('nav.signUp')}
              </Link>
            </div>
          )}
        </div>
      </div>
      <nav aria-label={t('nav.main')}>
        <ul>
          {items.map((route) => {
            const current = route.pattern === currentItem;
            return (
              <li key={route.pattern}>
                <Link href={route.pattern} aria-current={current ? 'page' : undefined}>
                  {route.label ? t(route.label) : route.pattern}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </header>
  );
}

function NotAllowed({ signedIn }: { signedIn: boolean }) {
  const { t } = useI18n();
  return (
    <section class="panel narrow">
      <h1>{signedIn ? t('page.forbidden') : t('page.signInFirst')}</h1>
      {signedIn ? null : (
        <p>
          <Link href="/sign-in" class="button primary">
            {t('nav.signIn')}
          </Link>
        </p>
      )}
    </section>
  );
}

export function App() {
  const path = usePath();
  const session = useSession();
  const { t } = useI18n();
  const main = useRef<HTMLElement>(null);
  const bare = path.split('?')[0] ?? '/';
  let page: ComponentChildren = (
    <section class="panel narrow">
      <h1>{t('page.notFound')}</h1>
      <Link href="/">{t('nav.summary')}</Link>
    </section>
  );
  for (const route of ROUTES) {
    const parameters = matchPath(route.pattern, bare);
    if (!parameters) continue;
    page = allowed(route, session.user?.role) ? (
      route.render(parameters)
    ) : (
      <NotAllowed signedIn={session.user !== null} />
    );
    break;
  }
  useLayoutEffect(() => {
    // A new page moves keyboard focus to its content, as a full page load would — in the same
    // commit as the page itself (a layout effect), so no key typed into the new page's first field
    // can arrive before the move and be lost when it happens (a passive effect waits for a frame).
    main.current?.focus({ preventScroll: true });
  }, [bare]);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Header path={path} />
      <main id="main" ref={main} tabIndex={-1}>
        {page}
      </main>
      <footer class="site-footer">
        <span>Jomart Ledger</span>
        <a href="/docs">{t('nav.apiDocs')}</a>
      </footer>
      {session.expired && session.user ? <SessionExpiredDialog email={session.user.email} /> : null}
    </>
  );
}
