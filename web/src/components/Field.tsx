import { createUniqueId, type JSX, Show, splitProps } from "solid-js";

interface FrameProps {
  label: string;
  hint?: JSX.Element;
  error?: string | undefined;
  id?: string | undefined;
  class?: string | undefined;
}

/**
 * The label, hint and error around one control, tied to it (aria-describedby, aria-invalid), so a
 * screen reader reads the label, the hint and what is wrong when the control gets focus.
 */
function FieldFrame(
  props: FrameProps & {
    control: (aria: {
      id: string;
      "aria-invalid": "true" | undefined;
      "aria-describedby": string | undefined;
    }) => JSX.Element;
  },
) {
  const id = props.id ?? createUniqueId();
  const describedBy = () =>
    [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field" classList={{ "field--invalid": !!props.error, [props.class ?? ""]: !!props.class }}>
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      {props.control({
        id,
        get "aria-invalid"() {
          return props.error ? "true" : undefined;
        },
        get "aria-describedby"() {
          return describedBy();
        },
      })}
      <Show when={props.error}>
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement>;

/** A labelled input with its hint and error. */
export function Field(
  props: InputProps & { label: string; name: string; hint?: JSX.Element; error?: string },
) {
  const [own, input] = splitProps(props, ["label", "hint", "error", "id", "class"]);
  return <FieldFrame {...own} control={(aria) => <input {...aria} {...input} />} />;
}

type SelectProps = JSX.SelectHTMLAttributes<HTMLSelectElement>;

/** A labelled select with its hint and error. */
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
  return (
    <FieldFrame
      label={own.label}
      hint={own.hint}
      error={own.error}
      id={own.id}
      control={(aria) => (
        <select {...aria} {...select}>
          {own.children}
        </select>
      )}
    />
  );
}
