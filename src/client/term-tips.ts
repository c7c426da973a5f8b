/**
 * Term links on a touch screen: a tap cannot hover, so the first tap on a term link shows its
 * definition (the `.term-tip` inside it, as a sheet at the bottom) and a second tap follows the
 * link. A tap elsewhere or Escape closes it. Mouse and keyboard are unchanged (hover and focus).
 */
export function initTermTips(): void {
  let open: HTMLElement | null = null;
  let touch = false;
  const close = () => {
    open?.classList.remove('tip-open');
    open = null;
  };
  document.addEventListener('pointerdown', (e) => void (touch = e.pointerType === 'touch'), { capture: true });
  document.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest<HTMLElement>('a.term-link') : null;
    if (link !== open) close();
    if (!link || !touch || link === open || !link.querySelector('.term-tip')) return;
    e.preventDefault();
    link.classList.add('tip-open');
    open = link;
  });
  document.addEventListener('keydown', (e) => void (e.key === 'Escape' && close()));
}
