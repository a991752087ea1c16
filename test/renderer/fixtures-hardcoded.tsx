export const Bad = () => (
  <div>
    <button type="button">Payer maintenant</button>
    <button type="button" aria-label="Fermer" />
    <input placeholder={'Search'} />
    <kbd>F8</kbd>
    <span>—</span>
  </div>
);
