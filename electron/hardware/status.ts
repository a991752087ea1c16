import type { PrinterProfile } from './profiles.ts';

/**
 * Parsing of the three real-time status bytes (DLE EOT 1, 2, 4; Epson ESC/POS). Each reply
 * has bit 1 and bit 4 set and bits 0 and 7 clear, which is how we recognise a status byte.
 *   n=1 printer status:   bit 2 drawer connector pin 3 high, bit 3 offline
 *   n=2 offline cause:    bit 2 cover open, bit 3 paper fed by button, bit 5 stopped on paper end, bit 6 error
 *   n=4 roll paper:       bits 2–3 near end, bits 5–6 paper end
 */
export type HardwareState = 'ready' | 'paper_low' | 'paper_out' | 'cover_open' | 'offline';

export interface ParsedStatus {
  state: HardwareState;
  drawerOpen: boolean | null;
  /** raw bytes, for the log */
  raw: [number, number, number];
}

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export function parseStatus(bytes: Uint8Array, profile: PrinterProfile): ParsedStatus {
  const [s1 = 0, s2 = 0, s4 = 0] = bytes;
  if (!isStatusByte(s1) || !isStatusByte(s2) || !isStatusByte(s4)) {
    return { state: 'offline', drawerOpen: null, raw: [s1, s2, s4] };
  }
  const pin3High = (s1 & 0x04) !== 0;
  const drawerOpen =
    profile.drawerSensor === 'none' ? null : profile.drawerSensor === 'open-high' ? pin3High : !pin3High;
  let state: HardwareState = 'ready';
  if (s2 & 0x04) state = 'cover_open';
  else if (s4 & 0x60 || s2 & 0x20) state = 'paper_out';
  else if (s1 & 0x08 || s2 & 0x40) state = 'offline';
  else if (s4 & 0x0c) state = 'paper_low';
  return { state, drawerOpen, raw: [s1, s2, s4] };
}

/** Can a job be sent? Paper low still prints; the rest would be lost or buffered blindly. */
export function canPrint(state: HardwareState | 'none'): boolean {
  return state === 'ready' || state === 'paper_low';
}
