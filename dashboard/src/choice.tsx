/** A labelled select over `options`; with `anyLabel`, a first choice `''` that means "no filter". */
export function Choice<T extends string>({
  label,
  value,
  options,
  anyLabel,
  onChange,
}: {
  label: string;
  value: T | '';
  options: readonly (T | { value: T; label: string })[];
  anyLabel?: string;
  onChange: (value: T | '') => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.currentTarget.value as T | '')}>
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {options.map((option) => {
          const { value: key, label: text } =
            typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={key} value={key}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
