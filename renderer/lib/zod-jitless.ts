import { z } from 'zod';

// The renderer runs under a CSP without 'unsafe-eval': zod's fast path probes `Function('')`
// on first use, which Chromium reports as a script-src violation. Jitless parses without it.
z.config({ jitless: true });
