// Keyboard shortcuts of the playground: one table for the handler and the `?` dialog, so the
// list people read is the list that works. Keys are ignored while typing in a field.

import type { PlaygroundState } from './state/playground.svelte';

export const SHORTCUTS: readonly [string, string][] = [
  ['Space', 'play / pause'],
  ['→', 'step forward to the next arrow or note'],
  ['←', 'step back to the previous arrow or note'],
  ['. / ,', 'one trace event forward / back'],
  ['Shift + →', 'next fault or failure'],
  ['Shift + ←', 'previous fault or failure'],
  [']', 'next key moment'],
  ['[', 'previous key moment'],
  ['Home / End', 'start / end of the run'],
  ['+ / −', 'faster / slower'],
  ['?', 'this list'],
  ['Esc', 'close menus and dialogs'],
];

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) && !(target instanceof HTMLInputElement && target.type === 'range');
}

/** Handles a keydown for the playground; true when it was a shortcut. */
export function handleShortcut(event: KeyboardEvent, playground: PlaygroundState, showHelp: () => void): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return false;
  const playback = playground.playback;
  const onControl = event.target instanceof HTMLElement && (event.target.tagName === 'BUTTON' || event.target.getAttribute('role') === 'button');
  switch (event.key) {
    case ' ':
      if (onControl) return false; // space activates the focused button
      playback.toggle();
      return true;
    case 'ArrowRight':
      playback.pause();
      if (event.shiftKey) playground.jump(1);
      else playground.stepVisible(1);
      return true;
    case 'ArrowLeft':
      playback.pause();
      if (event.shiftKey) playground.jump(-1);
      else playground.stepVisible(-1);
      return true;
    case '.':
      playback.pause();
      playground.step(1);
      return true;
    case ',':
      playback.pause();
      playground.step(-1);
      return true;
    case ']':
      playground.jumpMoment(1);
      return true;
    case '[':
      playground.jumpMoment(-1);
      return true;
    case 'Home':
      playground.restart();
      return true;
    case 'End':
      playground.seek(playground.length);
      return true;
    case '+':
    case '=':
      playback.setSpeed(playback.speedIndex + 1);
      return true;
    case '-':
      playback.setSpeed(playback.speedIndex - 1);
      return true;
    case '?':
      showHelp();
      return true;
    default:
      return false;
  }
}
