import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { initI18n } from '../../renderer/i18n/index.ts';

initI18n('fr');
afterEach(() => {
  cleanup();
  initI18n('fr');
});
