/** i18n keys for codes that contain dots (tax codes like FR-TVA-5.5). */
export const taxKey = (code: string): string => `tax.${code.replace(/\./g, '_')}`;
