// first: zod must not probe eval under the CSP
import './lib/zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../shared/api/client.ts';
import { App } from './app/App.tsx';
import { initI18n } from './i18n/index.ts';
import { setClient, watchTransport } from './lib/api.ts';
import { useUi } from './stores/ui.ts';
import { createTransport } from './transport/index.ts';
import './styles.css';

initI18n();
setClient(createClient(watchTransport(createTransport(), (ok) => useUi.getState().setHostReachable(ok))));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
