import { Show } from "solid-js";
import { messageOf } from "../lib/problem";

/**
 * The live region for a form's failure. It is always in the page (empty when all is well) so
 * assistive technology announces the message the moment it is filled in.
 */
export function FormAlert(props: { error: unknown; id?: string }) {
  return (
    <div class="form-alert" role="alert" id={props.id}>
      <Show when={props.error}>{(error) => <p>{messageOf(error())}</p>}</Show>
    </div>
  );
}

/** Polite announcements: "code sent", "saved". */
export function Status(props: { message: string | undefined | false; id?: string }) {
  return (
    <div class="form-status" role="status" id={props.id}>
      <Show when={props.message}>{(message) => <p>{message()}</p>}</Show>
    </div>
  );
}
