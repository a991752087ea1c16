/**
 * Progress lines for long work in the command-line tools, on stderr (stdout keeps the result a
 * script reads): "verify: 45% (450,000/1,000,000 entries)". A line every 5 % or every second,
 * whichever comes first, and always the 100 % line — a till's first start seeded for 40 s in
 * silence.
 */
export function progressLine(
  label: string,
  unit: string,
  write: (line: string) => void = (l) => process.stderr.write(l),
): (done: number, total: number) => void {
  let lastPct = -1;
  let lastAt = 0;
  const n = new Intl.NumberFormat('en-US');
  return (done, total) => {
    const pct = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 100;
    const now = Date.now();
    if (pct === lastPct) return;
    if (pct < 100 && pct - lastPct < 5 && now - lastAt < 1000) return;
    lastPct = pct;
    lastAt = now;
    write(`${label}: ${pct}% (${n.format(done)}/${n.format(total)} ${unit})\n`);
  };
}
