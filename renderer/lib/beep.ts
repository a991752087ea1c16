/**
 * An error beep through Web Audio: a scanned code the till does not know must be heard, since
 * the clerk is looking at the item, not the screen. No audio file to ship or load; a till
 * without sound (or a browser that refuses audio before a gesture) simply stays silent.
 */
let ctx: AudioContext | null = null;

export function errorBeep(): void {
  try {
    const Ctor =
      globalThis.AudioContext ??
      (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return;
    ctx ??= new Ctor();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    // low and short, twice: unlike a scanner's own high "good read" beep
    osc.frequency.value = 220;
    gain.gain.value = 0.15;
    osc.connect(gain);
    gain.connect(ctx.destination);
    const t = ctx.currentTime;
    gain.gain.setValueAtTime(0.15, t);
    gain.gain.setValueAtTime(0, t + 0.12);
    gain.gain.setValueAtTime(0.15, t + 0.18);
    gain.gain.setValueAtTime(0, t + 0.3);
    osc.start(t);
    osc.stop(t + 0.32);
  } catch {
    // no audio device: the red notice is still there
  }
}
