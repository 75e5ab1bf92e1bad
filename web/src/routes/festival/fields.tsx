/**
 * A programme's form, generated from its field definitions (text, long text, number, choice,
 * Jalali date, files). Used by the submit page and by the edit form in "my entries". Answers are
 * read back with `valuesFrom`; files live in a signal because they are uploaded before the form
 * is sent (straight to storage, with a progress bar) and only their upload ids are submitted.
 */
import { formatJalali, toPersianDigits } from "@hamdel/core/fa";
import type { FieldValue, FormField, StoredValue } from "@hamdel/core/festival/model";
import { createSignal, createUniqueId, For, type JSX, Match, Show, Switch } from "solid-js";
import { Field, SelectField } from "../../components/Field";
import { FormAlert, Status } from "../../components/FormAlert";
import { client, ok } from "../../lib/api";
import { ApiProblem, messageOf } from "../../lib/problem";
import { uploadFile } from "../../lib/uploads";
import { fileRulesFa } from "./format";
import "./festival.css";

/** The message for a field path or anything under it ("values.painting" ← "values.painting.0"). */
export function issueAt(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  return error.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message;
}

export interface AttachedUpload {
  uploadId: string;
  name: string;
  previewUrl?: string | null;
}

/** Files per field id, kept outside the form: the uploads happen before it is sent. */
export function createFilesState(initial: Record<string, AttachedUpload[]> = {}) {
  const [files, setFiles] = createSignal<Record<string, AttachedUpload[]>>(initial);
  return {
    files,
    of: (fieldId: string) => files()[fieldId] ?? [],
    add: (fieldId: string, upload: AttachedUpload) =>
      setFiles((all) => ({ ...all, [fieldId]: [...(all[fieldId] ?? []), upload] })),
    remove: (fieldId: string, uploadId: string) =>
      setFiles((all) => ({ ...all, [fieldId]: (all[fieldId] ?? []).filter((f) => f.uploadId !== uploadId) })),
  };
}
export type FilesState = ReturnType<typeof createFilesState>;

/** Attached files of a stored entry, for the edit form (no preview: the entry keeps object keys only). */
export function filesOfEntry(fields: readonly FormField[], values: Record<string, StoredValue>) {
  const out: Record<string, AttachedUpload[]> = {};
  for (const field of fields) {
    const value = values[field.id];
    if (field.kind !== "files" || !Array.isArray(value)) continue;
    out[field.id] = (value as Array<{ uploadId: string } | string>).flatMap((v, i) =>
      typeof v === "string" ? [] : [{ uploadId: v.uploadId, name: `فایل ${toPersianDigits(i + 1)}` }],
    );
  }
  return out;
}

/** The answers in a submitted form, in the shape core checks (empty answers left out). */
export function valuesFrom(
  form: FormData,
  fields: readonly FormField[],
  files: FilesState,
): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const field of fields) {
    const name = `values.${field.id}`;
    if (field.kind === "files") {
      const ids = files.of(field.id).map((f) => f.uploadId);
      if (ids.length > 0) values[field.id] = ids;
    } else if (field.kind === "choice" && field.multiple) {
      const picked = form.getAll(name).map(String);
      if (picked.length > 0) values[field.id] = picked;
    } else {
      const raw = String(form.get(name) ?? "").trim();
      if (raw !== "") values[field.id] = raw;
    }
  }
  return values;
}

function initialText(value: StoredValue | undefined, kind: FormField["kind"]): string {
  if (typeof value === "number") return toPersianDigits(value);
  if (typeof value !== "string") return "";
  return kind === "date" ? formatJalali(value) : value;
}

export function FormFields(props: {
  fields: readonly FormField[];
  files: FilesState;
  error: unknown;
  initial?: Record<string, StoredValue>;
}) {
  return (
    <For each={props.fields}>
      {(field) => (
        <FormFieldInput
          field={field}
          files={props.files}
          error={props.error}
          initial={props.initial?.[field.id]}
        />
      )}
    </For>
  );
}

function FormFieldInput(props: {
  field: FormField;
  files: FilesState;
  error: unknown;
  initial: StoredValue | undefined;
}) {
  const name = () => `values.${props.field.id}`;
  const error = () => issueAt(props.error, name());
  const label = () => props.field.labelFa + (props.field.required ? " (الزامی)" : "");
  return (
    <Switch>
      <Match when={props.field.kind === "text"}>
        <Field
          label={label()}
          name={name()}
          required={props.field.required}
          maxLength={props.field.maxLength}
          value={initialText(props.initial, "text")}
          hint={props.field.helpFa}
          error={error()}
        />
      </Match>
      <Match when={props.field.kind === "long_text"}>
        <TextAreaField
          label={label()}
          name={name()}
          required={props.field.required}
          maxLength={props.field.maxLength}
          value={initialText(props.initial, "long_text")}
          hint={props.field.helpFa}
          error={error()}
        />
      </Match>
      <Match when={props.field.kind === "number"}>
        <Field
          label={label()}
          name={name()}
          inputmode="numeric"
          dir="ltr"
          required={props.field.required}
          value={initialText(props.initial, "number")}
          hint={props.field.helpFa}
          error={error()}
        />
      </Match>
      <Match when={props.field.kind === "date"}>
        <Field
          label={label()}
          name={name()}
          inputmode="numeric"
          dir="ltr"
          autocomplete="off"
          placeholder="۱۴۰۳/۰۲/۱۵"
          required={props.field.required}
          value={initialText(props.initial, "date")}
          hint={props.field.helpFa ?? "به تقویم خورشیدی: سال/ماه/روز، مانند ۱۴۰۳/۰۲/۱۵."}
          error={error()}
        />
      </Match>
      <Match when={props.field.kind === "choice" && props.field.multiple}>
        <fieldset class="field" classList={{ "field--invalid": !!error() }}>
          <legend>{label()}</legend>
          <For each={props.field.options}>
            {(option) => (
              <label class="check">
                <input
                  type="checkbox"
                  name={name()}
                  value={option.id}
                  checked={Array.isArray(props.initial) && (props.initial as unknown[]).includes(option.id)}
                />{" "}
                {option.labelFa}
              </label>
            )}
          </For>
          <Show when={error()}>
            <p class="field-error">{error()}</p>
          </Show>
        </fieldset>
      </Match>
      <Match when={props.field.kind === "choice"}>
        <SelectField label={label()} name={name()} required={props.field.required} error={error()}>
          <option value="">انتخاب کنید</option>
          <For each={props.field.options}>
            {(option) => (
              <option value={option.id} selected={props.initial === option.id}>
                {option.labelFa}
              </option>
            )}
          </For>
        </SelectField>
      </Match>
      <Match when={props.field.kind === "files" && props.field.files}>
        <FilesInput field={props.field} files={props.files} error={error()} label={label()} />
      </Match>
    </Switch>
  );
}

export function TextAreaField(props: {
  label: string;
  name: string;
  value?: string;
  required?: boolean;
  maxLength?: number | undefined;
  hint?: JSX.Element;
  error?: string | undefined;
}) {
  const id = createUniqueId();
  const describedBy = () =>
    [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field" classList={{ "field--invalid": !!props.error }}>
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <textarea
        id={id}
        name={props.name}
        rows={5}
        required={props.required}
        maxLength={props.maxLength}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy()}
      >
        {props.value ?? ""}
      </textarea>
      <Show when={props.error}>
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

interface InFlight {
  key: number;
  name: string;
  fraction: number;
}

/**
 * Picks files and uploads each straight to storage as soon as it is chosen: a labelled
 * <progress> per file while it travels, then the finalised image's preview (the re-encoded copy,
 * without its metadata) with a way to remove it.
 */
function FilesInput(props: {
  field: FormField;
  files: FilesState;
  error: string | undefined;
  label: string;
}) {
  const id = createUniqueId();
  const rules = () => props.field.files;
  const [inFlight, setInFlight] = createSignal<InFlight[]>([]);
  const [failure, setFailure] = createSignal<unknown>();
  let counter = 0;

  const upload = async (file: File) => {
    const rule = rules();
    if (!rule) return;
    const key = ++counter;
    setInFlight((all) => [...all, { key, name: file.name, fraction: 0 }]);
    try {
      const uploadId = await uploadFile(rule.purpose, file, (fraction) =>
        setInFlight((all) => all.map((f) => (f.key === key ? { ...f, fraction } : f))),
      );
      const view = await ok(client.api.uploads[":id"].$get({ param: { id: uploadId } }));
      props.files.add(props.field.id, { uploadId, name: file.name, previewUrl: view.downloadUrl });
    } catch (error) {
      setFailure(error);
    } finally {
      setInFlight((all) => all.filter((f) => f.key !== key));
    }
  };

  const describedBy = () => [`${id}-hint`, props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const full = () => props.files.of(props.field.id).length + inFlight().length >= (rules()?.maxCount ?? 1);

  return (
    <div class="field files" classList={{ "field--invalid": !!props.error }}>
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {rules() ? fileRulesFa(rules() as NonNullable<FormField["files"]>) : ""}
      </p>
      <input
        id={id}
        type="file"
        accept={rules()?.accept.join(",")}
        multiple={(rules()?.maxCount ?? 1) > 1}
        disabled={full()}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy()}
        onChange={(e) => {
          setFailure(undefined);
          const input = e.currentTarget;
          const chosen = [...(input.files ?? [])];
          input.value = "";
          for (const file of chosen) void upload(file);
        }}
      />
      <For each={inFlight()}>
        {(f) => (
          <div class="upload-progress">
            <progress
              max="1"
              value={f.fraction}
              aria-label={`پیشرفت ارسال ${f.name}`}
              aria-valuetext={`${toPersianDigits(Math.round(f.fraction * 100))} درصد`}
            />{" "}
            <span aria-hidden="true">{toPersianDigits(Math.round(f.fraction * 100))}٪</span>
          </div>
        )}
      </For>
      <ul class="thumbs" aria-label={`فایل‌های پیوست‌شده: ${props.field.labelFa}`}>
        <For each={props.files.of(props.field.id)}>
          {(f) => (
            <li class="thumb">
              <Show when={f.previewUrl} fallback={<span class="thumb__name">{f.name}</span>}>
                {(url) => <img src={url()} alt={`پیش‌نمایش ${f.name}`} width="120" height="120" />}
              </Show>
              <button
                type="button"
                class="button button--quiet"
                onClick={() => props.files.remove(props.field.id, f.uploadId)}
              >
                حذف<span class="visually-hidden"> {f.name}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      <div role="alert" class="form-alert">
        <Show when={failure()}>{(error) => <p>{messageOf(error())}</p>}</Show>
      </div>
      <Show when={props.error}>
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

/** The end of a festival form that saves: its failure, its success and the save button. */
export function SaveFooter(props: {
  saving: { error: unknown; pending?: boolean | undefined; result?: string | undefined };
}) {
  return (
    <>
      <FormAlert error={props.saving.error} />
      <Status message={!props.saving.pending && props.saving.result} />
      <button type="submit" class="button" disabled={props.saving.pending}>
        {props.saving.pending ? "در حال ذخیره…" : "ذخیرهٔ تغییرات"}
      </button>
    </>
  );
}
