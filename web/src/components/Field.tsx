import { createUniqueId, type JSX, Show, splitProps } from "solid-js";

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement>;

/**
 * A labelled input with its hint and error tied to it (aria-describedby, aria-invalid), so a
 * screen reader reads the label, the hint and what is wrong when the input gets focus.
 */
export function Field(
  props: InputProps & { label: string; name: string; hint?: JSX.Element; error?: string },
) {
  const [own, input] = splitProps(props, ["label", "hint", "error", "id", "class"]);
  const id = own.id ?? createUniqueId();
  const describedBy = () =>
    [own.hint ? `${id}-hint` : "", own.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field" classList={{ "field--invalid": !!own.error, [own.class ?? ""]: !!own.class }}>
      <label for={id}>{own.label}</label>
      <Show when={own.hint}>
        <p class="hint" id={`${id}-hint`}>
          {own.hint}
        </p>
      </Show>
      <input
        id={id}
        aria-invalid={own.error ? "true" : undefined}
        aria-describedby={describedBy()}
        {...input}
      />
      <Show when={own.error}>
        <p class="field-error" id={`${id}-error`}>
          {own.error}
        </p>
      </Show>
    </div>
  );
}

type SelectProps = JSX.SelectHTMLAttributes<HTMLSelectElement>;

export function SelectField(
  props: SelectProps & {
    label: string;
    name: string;
    hint?: JSX.Element;
    error?: string;
    children: JSX.Element;
  },
) {
  const [own, select] = splitProps(props, ["label", "hint", "error", "id", "children"]);
  const id = own.id ?? createUniqueId();
  const describedBy = () =>
    [own.hint ? `${id}-hint` : "", own.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field" classList={{ "field--invalid": !!own.error }}>
      <label for={id}>{own.label}</label>
      <Show when={own.hint}>
        <p class="hint" id={`${id}-hint`}>
          {own.hint}
        </p>
      </Show>
      <select
        id={id}
        aria-invalid={own.error ? "true" : undefined}
        aria-describedby={describedBy()}
        {...select}
      >
        {own.children}
      </select>
      <Show when={own.error}>
        <p class="field-error" id={`${id}-error`}>
          {own.error}
        </p>
      </Show>
    </div>
  );
}
