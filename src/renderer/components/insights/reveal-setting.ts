/**
 * After navigating to Settings: brings a setting's field into view and gives it the keyboard, once the page has drawn
 * it. Settings names each insight threshold's field `threshold-<setting>`; if it has none, the page simply opens.
 */
export function revealSetting(elementId: string, framesLeft = 30): void {
  const element = document.getElementById(elementId);
  if (element) {
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
    return;
  }
  if (framesLeft > 0) requestAnimationFrame(() => revealSetting(elementId, framesLeft - 1));
}
