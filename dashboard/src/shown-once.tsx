import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A secret shown this once (a new API key, a rotated signing secret), selected, with a copy button.
 * Dismissing it forgets it: the API never returns it again.
 */
export function ShownOnce({
  id,
  title,
  label,
  value,
  children,
  onDone,
}: {
  /** Prefix of the element ids, unique on the page. */
  id: string;
  title: string;
  /** The field's accessible name, e.g. "New key value". */
  label: string;
  value: string;
  /** What to tell the member besides "copy it now". */
  children?: ComponentChildren;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.select(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      field.current?.select();
    }
  };

  return (
    <div class="card new-key" role="region" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p>Copy it now: it is shown only this once.</p>
      {children}
      <div class="copy-row">
        <label class="sr-only" for={`${id}-value`}>
          {label}
        </label>
        <input id={`${id}-value`} ref={field} readOnly value={value} />
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <button type="button" class="secondary" onClick={onDone}>
        Done
      </button>
    </div>
  );
}
