import { renderDocument } from '../hardware/layouts.ts';
import { getProfile, loadProfiles, profileOrDefault } from '../hardware/profiles.ts';
import { renderBytes } from '../hardware/virtual.ts';
import type { PrinterDriver } from '../services/printer-port.ts';

/** The printing service's port onto hardware/ (profiles, the virtual printer's rendering). */
export const printerDriver: PrinterDriver = {
  profiles: () =>
    [...loadProfiles().values()].map((p) => ({
      id: p.id,
      name: p.name,
      paperWidthMm: p.paperWidthMm,
      columns: p.columns,
      codePages: p.codePages.map((c) => ({ ...c })),
      cutter: p.cutter,
      drawer: { ...p.drawer },
      drawerSensor: p.drawerSensor,
    })),
  hasProfile: (id) => getProfile(id) !== undefined,
  preview(store, doc, opts, config) {
    // the profile the worker prints with: the configured one, or the default
    const profile = profileOrDefault(config?.profileId);
    const page = renderBytes(renderDocument(doc, { store, profile, ...opts }), profile);
    return {
      columns: page.columns,
      lines: page.lines,
      qr: page.qr,
      drawerKick: page.kicks.length > 0,
      cut: page.cuts > 0,
    };
  },
};
