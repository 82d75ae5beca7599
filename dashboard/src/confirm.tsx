import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Asks before something that cannot be undone. Focus moves to Cancel, the safe choice, and Escape
 * cancels too; the action button carries `actionLabel`.
 */
export function Confirm({
  id,
  title,
  children,
  actionLabel,
  onConfirm,
  onCancel,
}: {
  /** Prefix of the element ids, unique on the page. */
  id: string;
  title: string;
  children: ComponentChildren;
  actionLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      class="confirm"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-text`}>{children}</p>
      <div class="actions">
        <button type="button" class="danger" onClick={onConfirm}>
          {actionLabel}
        </button>
        <button type="button" class="secondary" ref={cancel} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
