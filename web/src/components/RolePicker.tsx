import type { RoleGrant } from "@hamdel/core";
import { createSignal, For, Show } from "solid-js";
import { fieldError } from "../lib/problem";
import { roleField, roleLabels, scopedRoles, scopeField, staffRoles } from "../lib/roles";
import type { District } from "../lib/types";

/**
 * Checkboxes for staff roles; a scoped role asks for its scope (district or programme) once it is
 * checked. Plain named inputs, read back with grantsFromForm.
 */
export function RolePicker(props: {
  legend: string;
  initial?: readonly RoleGrant[];
  districts: readonly District[] | undefined;
  /** A failed submission; its field messages keyed by scopeField(role) are shown by the role. */
  error?: unknown;
  idPrefix: string;
}) {
  return (
    <fieldset class="role-picker">
      <legend>{props.legend}</legend>
      <For each={staffRoles}>
        {(role) => {
          const grant = () => props.initial?.find((g) => g.role === role);
          const [checked, setChecked] = createSignal(!!grant());
          const id = `${props.idPrefix}-${role}`;
          const kind = scopedRoles[role];
          const problem = () => fieldError(props.error, scopeField(role));
          return (
            <div class="role-picker__role">
              <div class="check">
                <input
                  ref={(input) =>
                    // form.reset() does not fire change events: follow it so scope inputs hide again.
                    queueMicrotask(() => input.form?.addEventListener("reset", () => setChecked(!!grant())))
                  }
                  type="checkbox"
                  id={id}
                  name={roleField(role)}
                  checked={checked()}
                  onChange={(e) => setChecked(e.currentTarget.checked)}
                />
                <label for={id}>{roleLabels[role]}</label>
              </div>
              <Show when={kind && checked()}>
                <div class="role-picker__scope field" classList={{ "field--invalid": !!problem() }}>
                  <label for={`${id}-scope`}>
                    {kind === "district"
                      ? `منطقه (${roleLabels[role]})`
                      : `شناسهٔ برنامه (${roleLabels[role]})`}
                  </label>
                  <Show
                    when={kind === "district"}
                    fallback={
                      <input
                        id={`${id}-scope`}
                        name={scopeField(role)}
                        dir="ltr"
                        value={grant()?.scope ?? ""}
                        aria-invalid={problem() ? "true" : undefined}
                        aria-describedby={problem() ? `${id}-problem` : undefined}
                      />
                    }
                  >
                    <select
                      id={`${id}-scope`}
                      name={scopeField(role)}
                      value={grant()?.scope ?? ""}
                      aria-invalid={problem() ? "true" : undefined}
                      aria-describedby={problem() ? `${id}-problem` : undefined}
                    >
                      <option value="">انتخاب منطقه</option>
                      <For each={props.districts}>{(d) => <option value={d.id}>{d.name}</option>}</For>
                    </select>
                  </Show>
                  <Show when={problem()}>
                    <p class="field-error" id={`${id}-problem`}>
                      {problem()}
                    </p>
                  </Show>
                </div>
              </Show>
            </div>
          );
        }}
      </For>
    </fieldset>
  );
}
