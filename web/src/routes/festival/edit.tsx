/**
 * The central secretariat's settings of one programme: title and text, the Jalali window and
 * judging dates, categories, who may enter, age groups, the file rules of the form's files fields
 * and each judging round. It sends the version it read and only the keys that changed; every
 * refusal — core's (paths under `changes.`) or this page's own date and number checks, named the
 * same way — is shown at its input. Once submissions open, core freezes the structural fields
 * (model.ts `structuralFields`): the page says which, before and after, and locks their inputs.
 */
import { uploadPurposes } from "@hamdel/core/blob/model";
import { formatJalali, toAsciiDigits, toPersianDigits } from "@hamdel/core/fa";
import {
  type AgeGroup,
  type Category,
  type EntrantKind,
  entrantKindLabelsFa,
  entrantKinds,
  type FormField,
  type ProgrammeUpdateInput,
  type RoundConfig,
  structuralFields,
} from "@hamdel/core/festival/model";
import { A, action, createAsync, Navigate, useParams, useSubmission } from "@solidjs/router";
import {
  createMemo,
  createSignal,
  createUniqueId,
  For,
  type JSX,
  Match,
  Show,
  Suspense,
  Switch,
} from "solid-js";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { festival, getProgramme, type Programme } from "../../lib/festival";
import { getMe } from "../../lib/identity";
import { isCentralSecretariat, paths } from "../../lib/nav";
import { ApiProblem } from "../../lib/problem";
import { issueAt, SaveFooter, TextAreaField } from "./fields";
import { fileTypeNames, windowDay, windowInstant } from "./format";
import "./festival.css";

type Changes = ProgrammeUpdateInput["changes"];
type Editable = Extract<
  keyof Changes,
  | "title"
  | "description"
  | "submissionOpensAt"
  | "submissionClosesAt"
  | "judgingStartsAt"
  | "judgingEndsAt"
  | "categories"
  | "entrantKinds"
  | "ageGroups"
  | "form"
  | "rounds"
>;
type Frozen = (typeof structuralFields)[number];

const MB = 1024 * 1024;

const frozenLabels: Record<Frozen, string> = {
  kind: "نوع برنامه",
  submissionOpensAt: "آغاز مهلت ارسال",
  categories: "محورها",
  entrantKinds: "گروه‌های مجاز به شرکت",
  ageGroups: "گروه‌های سنی",
  ageReferenceDate: "روز محاسبهٔ سن",
  guardianConsent: "متن رضایت ولی",
  form: "فرم ارسال اثر و قواعد فایل‌ها",
};
const frozenList = structuralFields.map((f) => frozenLabels[f]).join("، ");

const quotaGroupLabels = { district: "منطقه", category: "محور", ageGroup: "گروه سنی" } as const;

const isFrozen = (key: string): key is Frozen => (structuralFields as readonly string[]).includes(key);
const hasOpened = (p: Programme) => p.submissionOpensAt <= new Date().toISOString();

/** JSON with object keys sorted: a stored programme comes back from DynamoDB in any key order. */
const sameJson = (a: unknown, b: unknown) => {
  const sorted = (_k: string, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v;
  return JSON.stringify(a, sorted) === JSON.stringify(b, sorted);
};

/**
 * What the form says, as the changes to send. Inputs are named by the path core reports its issues
 * at (without `changes.`), so this page's own issues and core's land on the same input.
 */
function readChanges(p: Programme, form: FormData): { changes: Changes; issues: ApiProblem["fields"] } {
  const issues: ApiProblem["fields"] = [];
  const refuse = (name: string, message: string) => issues.push({ path: `changes.${name}`, message });
  const text = (name: string) => String(form.get(name) ?? "").trim();
  /** Whole numbers, unless `fraction` (megabytes): core's own integer messages are not Persian. */
  const number = (name: string, fraction = false): number => {
    const raw = toAsciiDigits(text(name)).replace("٫", ".");
    const n = raw === "" ? Number.NaN : Number(raw);
    if (!Number.isFinite(n)) refuse(name, "عدد بنویسید.");
    else if (!fraction && !Number.isInteger(n)) refuse(name, "عدد صحیح بنویسید.");
    return n;
  };
  /** A Jalali day as an instant; a day left as it was keeps its exact instant. */
  const day = (name: string, initial: string | undefined, edge: "opens" | "closes", clearable = false) => {
    const typed = toAsciiDigits(text(name));
    if (typed === toAsciiDigits(windowDay(initial, edge))) return initial;
    if (typed === "") {
      if (!clearable) refuse(name, "این تاریخ را نمی‌توان خالی گذاشت.");
      return clearable ? undefined : initial;
    }
    const instant = windowInstant(typed, edge);
    if (!instant) refuse(name, "تاریخ درست نیست؛ مثلاً ۱۴۰۴/۰۷/۰۱.");
    return instant ?? initial;
  };
  const rows = (list: string) => {
    const indices: number[] = [];
    for (let i = 0; form.has(`${list}.${i}.id`); i++) indices.push(i);
    return indices;
  };

  const read: { [K in Editable]: () => Changes[K] } = {
    title: () => text("title"),
    description: () => String(form.get("description") ?? ""),
    submissionOpensAt: () => day("submissionOpensAt", p.submissionOpensAt, "opens"),
    submissionClosesAt: () => day("submissionClosesAt", p.submissionClosesAt, "closes"),
    judgingStartsAt: () => day("judgingStartsAt", p.judgingStartsAt, "opens", !p.judgingStartsAt),
    judgingEndsAt: () => day("judgingEndsAt", p.judgingEndsAt, "closes", !p.judgingEndsAt),
    categories: () =>
      rows("categories").map((i) => ({
        id: text(`categories.${i}.id`),
        titleFa: text(`categories.${i}.titleFa`),
      })),
    entrantKinds: () => form.getAll("entrantKinds").map((k) => String(k) as EntrantKind),
    ageGroups: () =>
      rows("ageGroups").map((i) => ({
        id: text(`ageGroups.${i}.id`),
        titleFa: text(`ageGroups.${i}.titleFa`),
        minAge: number(`ageGroups.${i}.minAge`),
        maxAge: number(`ageGroups.${i}.maxAge`),
      })),
    form: () => ({
      fields: p.form.fields.map((f, i) => {
        if (!f.files) return f;
        const at = `form.fields.${i}.files`;
        return {
          ...f,
          files: {
            ...f.files,
            accept: form.getAll(`${at}.accept`).map(String) as typeof f.files.accept,
            maxBytes: Math.round(number(`${at}.maxBytes`, true) * MB),
            maxCount: number(`${at}.maxCount`),
          },
        };
      }),
    }),
    rounds: () =>
      p.rounds.map((r, i) => {
        const at = `rounds.${i}`;
        const { dueAt: _dueAt, quota, ...rest } = r;
        const dueAt = day(`${at}.dueAt`, r.dueAt, "closes", true);
        return {
          ...rest,
          titleFa: text(`${at}.titleFa`),
          reviewsPerWork: number(`${at}.reviewsPerWork`),
          ...(quota ? { quota: { ...quota, perGroup: number(`${at}.quota.perGroup`) } } : {}),
          ...(dueAt ? { dueAt } : {}),
        };
      }),
  };

  const opened = hasOpened(p);
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(read) as [Editable, () => unknown][]) {
    // Frozen inputs are disabled, so the form does not carry them: they are left as they are.
    if (opened && isFrozen(key)) continue;
    const next = value();
    if (!sameJson(next, p[key])) changes[key] = next;
  }
  return { changes: changes as Changes, issues };
}

const saveProgramme = action(async (p: Programme, form: FormData) => {
  const { changes, issues } = readChanges(p, form);
  if (issues.length > 0) throw new ApiProblem(422, { code: "input.invalid", fields: issues });
  if (Object.keys(changes).length === 0) return "تغییری برای ذخیره نبود.";
  const saved = await festival.update(p.id, { version: p.version, changes });
  return `تغییرات برنامهٔ «${saved.title}» ذخیره شد.`;
}, "festival-save-programme");

/** /staff/festival/:id/edit — the central secretariat only. */
export default function EditProgramme() {
  const params = useParams<{ id: string }>();
  const me = createAsync(() => getMe());
  const loaded = createAsync(() =>
    getProgramme(params.id).then(
      (p) => ({ programme: p as Programme }),
      (error: unknown) => ({ error }),
    ),
  );
  // A new form only for a new version: a refused save keeps what the clerk typed.
  const programme = createMemo(
    () => {
      const l = loaded();
      return l && "programme" in l ? l.programme : undefined;
    },
    undefined,
    { equals: (a, b) => a?.id === b?.id && a?.version === b?.version },
  );
  const here = () => paths.staffProgrammeEdit(params.id);
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.staffSignIn}?next=${encodeURIComponent(here())}`} />
      </Match>
      <Match when={me() && !isCentralSecretariat(me())}>
        <Page title="تنظیمات برنامه">
          <p role="alert">این بخش فقط برای دبیرخانهٔ مرکزی است.</p>
        </Page>
      </Match>
      <Match when={isCentralSecretariat(me())}>
        <Suspense fallback={<p role="status">در حال بارگذاری برنامه…</p>}>
          <Show
            when={programme()}
            keyed
            fallback={
              <Show when={loaded()}>
                {(l) => (
                  <Page title="تنظیمات برنامه">
                    <FormAlert error={"error" in l() ? (l() as { error: unknown }).error : undefined} />
                  </Page>
                )}
              </Show>
            }
          >
            {(p) => <EditForm programme={p} />}
          </Show>
        </Suspense>
      </Match>
    </Switch>
  );
}

/** A fieldset whose hint and error are tied to it, for issues about the whole group. */
function Group(props: {
  legend: string;
  hint?: JSX.Element;
  error?: string | undefined;
  children: JSX.Element;
}) {
  const id = createUniqueId();
  const describedBy = () =>
    [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset
      class="fieldset form"
      classList={{ "field--invalid": !!props.error }}
      aria-describedby={describedBy()}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** The programme's dates, each a day: a window opens at the day's start and closes at its end. */
const schedule = [
  ["submissionOpensAt", "آغاز مهلت ارسال", "opens"],
  ["submissionClosesAt", "پایان مهلت ارسال", "closes"],
  ["judgingStartsAt", "آغاز داوری", "opens"],
  ["judgingEndsAt", "پایان داوری", "closes"],
] as const;
const edgeHints = { opens: "از ابتدای این روز.", closes: "تا پایان این روز." };

const lockedHint = "پس از آغاز مهلت ارسال تغییرپذیر نیست.";
const digits = (n: number | undefined) => (n === undefined ? "" : toPersianDigits(n));
const megabytes = (bytes: number) => toPersianDigits(Math.round((bytes / MB) * 10) / 10).replace(".", "٫");

/** The first free `prefix-N` id: new rows need an ASCII id, and the clerk types only the title. */
function freeId(prefix: string, taken: { id: string }[]): string {
  let n = taken.length + 1;
  while (taken.some((t) => t.id === `${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

function EditForm(props: { programme: Programme }) {
  const p = props.programme;
  const saving = useSubmission(saveProgramme);
  const locked = hasOpened(p);
  const at = (path: string) => issueAt(saving.error, `changes.${path}`);
  /** An issue about a whole list (overlaps, duplicates), not one of its rows. */
  const about = (path: string) =>
    saving.error instanceof ApiProblem
      ? saving.error.fields.find((f) => f.path === `changes.${path}`)?.message
      : undefined;
  const [categories, setCategories] = createSignal<Category[]>(p.categories);
  const [ageGroups, setAgeGroups] = createSignal<Partial<AgeGroup>[]>(p.ageGroups);
  const filesFields = p.form.fields.flatMap((f, i) => (f.files ? [{ field: f, index: i }] : []));

  return (
    <Page
      title={`تنظیمات برنامه: ${p.title}`}
      wide
      lead={
        <>
          <A href={paths.staffFestival}>بازگشت به فهرست برنامه‌ها</A>
          {" · "}
          <A href={paths.staffJudging(p.id)}>داوری این برنامه</A>
        </>
      }
    >
      <p class="notice" id="frozen-notice">
        <Show
          when={locked}
          fallback={`از آغاز مهلت ارسال (${formatJalali(p.submissionOpensAt, { style: "long" })}) این موارد دیگر تغییر نمی‌کنند تا همهٔ آثار با یک فرم و یک قاعده ثبت شوند: ${frozenList}.`}
        >
          {`مهلت ارسال آغاز شده است؛ این موارد دیگر تغییر نمی‌کنند: ${frozenList}.`}
        </Show>{" "}
        عنوان، توضیح، پایان مهلت ارسال، تاریخ‌های داوری و مرحله‌های داوری همیشه تغییرپذیرند.
      </p>
      <form
        action={saveProgramme.with(p)}
        method="post"
        class="form"
        aria-labelledby="page-title"
        aria-describedby="frozen-notice"
        novalidate
      >
        <Group legend="معرفی">
          <Field label="عنوان برنامه" name="title" value={p.title} required error={at("title")} />
          <TextAreaField
            label="توضیح و قواعد"
            name="description"
            value={p.description}
            maxLength={10_000}
            hint="در صفحهٔ عمومی برنامه نشان داده می‌شود."
            error={at("description")}
          />
        </Group>

        <Group legend="زمان‌بندی" hint="تاریخ‌ها خورشیدی و به وقت تهران‌اند؛ رقم فارسی یا لاتین پذیرفته است.">
          <div class="form-row">
            <For each={schedule}>
              {([key, label, edge]) => (
                <DayField
                  label={label}
                  name={key}
                  value={windowDay(p[key], edge)}
                  hint={locked && isFrozen(key) ? lockedHint : edgeHints[edge]}
                  disabled={locked && isFrozen(key)}
                  error={at(key)}
                />
              )}
            </For>
          </div>
        </Group>

        <fieldset class="fieldset form" disabled={locked}>
          <legend>شرکت</legend>
          <Show when={locked}>
            <p class="hint">{lockedHint}</p>
          </Show>
          {/* A children's contest also needs the guardian's consent text, which is not edited here. */}
          <Group legend="چه کسانی می‌توانند شرکت کنند" error={at("entrantKinds") ?? at("guardianConsent")}>
            <For each={entrantKinds}>
              {(kind) => (
                <label class="check">
                  <input
                    type="checkbox"
                    name="entrantKinds"
                    value={kind}
                    checked={p.entrantKinds.includes(kind)}
                  />
                  {entrantKindLabelsFa[kind]}
                </label>
              )}
            </For>
          </Group>

          <Group legend="محورها" hint="هر اثر در یکی از این محورها ثبت می‌شود." error={about("categories")}>
            <For each={categories()} fallback={<p>این برنامه محوری ندارد.</p>}>
              {(c, i) => (
                <div class="form-row">
                  <input type="hidden" name={`categories.${i()}.id`} value={c.id} />
                  <Field
                    label={`عنوان محور ${toPersianDigits(i() + 1)}`}
                    name={`categories.${i()}.titleFa`}
                    value={c.titleFa}
                    required
                    error={at(`categories.${i()}`)}
                  />
                  <button
                    type="button"
                    class="button button--quiet"
                    onClick={() => setCategories((list) => list.filter((x) => x !== c))}
                  >
                    {`حذف محور ${toPersianDigits(i() + 1)}`}
                  </button>
                </div>
              )}
            </For>
            <button
              type="button"
              class="button button--quiet"
              onClick={() =>
                setCategories((list) => [...list, { id: freeId("category", list), titleFa: "" }])
              }
            >
              افزودن محور
            </button>
          </Group>

          <Group
            legend="گروه‌های سنی"
            hint="برای مسابقه‌های کودکان (۴ تا ۱۴ سال)؛ بازه‌ها هم‌پوشانی ندارند."
            error={about("ageGroups")}
          >
            <For each={ageGroups()} fallback={<p>این برنامه گروه سنی ندارد.</p>}>
              {(g, i) => (
                <fieldset class="fieldset">
                  <legend>{`گروه سنی ${toPersianDigits(i() + 1)}`}</legend>
                  <input type="hidden" name={`ageGroups.${i()}.id`} value={g.id} />
                  <div class="form-row">
                    <Field
                      label="عنوان"
                      name={`ageGroups.${i()}.titleFa`}
                      value={g.titleFa ?? ""}
                      required
                      error={at(`ageGroups.${i()}.titleFa`)}
                    />
                    <NumberField
                      label="از سن (سال)"
                      name={`ageGroups.${i()}.minAge`}
                      value={digits(g.minAge)}
                      error={at(`ageGroups.${i()}.minAge`)}
                    />
                    <NumberField
                      label="تا سن (سال)"
                      name={`ageGroups.${i()}.maxAge`}
                      value={digits(g.maxAge)}
                      error={at(`ageGroups.${i()}.maxAge`)}
                    />
                  </div>
                  <button
                    type="button"
                    class="button button--quiet"
                    onClick={() => setAgeGroups((list) => list.filter((x) => x !== g))}
                  >
                    {`حذف گروه سنی ${toPersianDigits(i() + 1)}`}
                  </button>
                </fieldset>
              )}
            </For>
            <button
              type="button"
              class="button button--quiet"
              onClick={() =>
                setAgeGroups((list) => [
                  ...list,
                  { id: freeId("age", list as { id: string }[]), titleFa: "" },
                ])
              }
            >
              افزودن گروه سنی
            </button>
          </Group>

          <For each={filesFields}>
            {({ field, index }) => <FileRulesGroup field={field} index={index} error={saving.error} />}
          </For>
        </fieldset>

        <For each={p.rounds}>
          {(round, i) => <RoundGroup round={round} index={i()} error={saving.error} />}
        </For>

        <SaveFooter saving={saving} />
      </form>
    </Page>
  );
}

/** A Jalali day typed in Persian or ASCII digits (windowInstant reads it), shown as windowDay wrote it. */
function DayField(props: {
  label: string;
  name: string;
  value: string;
  hint: string;
  error: string | undefined;
  disabled?: boolean;
}) {
  return <Field {...props} inputmode="numeric" dir="ltr" autocomplete="off" placeholder="۱۴۰۴/۰۷/۰۱" />;
}

/** A number typed in Persian or ASCII digits (read back by readChanges), shown in Persian ones. */
function NumberField(props: {
  label: string;
  name: string;
  value: string;
  hint?: string;
  error: string | undefined;
}) {
  return <Field {...props} inputmode="decimal" dir="ltr" required />;
}

function FileRulesGroup(props: { field: FormField; index: number; error: unknown }) {
  const rules = () => props.field.files;
  const name = (key: string) => `form.fields.${props.index}.files.${key}`;
  const at = (key: string) => issueAt(props.error, `changes.${name(key)}`);
  const types = () => Object.keys(uploadPurposes[rules()?.purpose ?? "artwork"].accept);
  return (
    <Group legend={`قواعد فایل: ${props.field.labelFa}`}>
      <Group legend="نوع‌های پذیرفته" error={at("accept")}>
        <For each={types()}>
          {(type) => (
            <label class="check">
              <input
                type="checkbox"
                name={name("accept")}
                value={type}
                checked={(rules()?.accept as readonly string[] | undefined)?.includes(type)}
              />
              {fileTypeNames[type] ?? type}
            </label>
          )}
        </For>
      </Group>
      <div class="form-row">
        <NumberField
          label="حجم بیشینهٔ هر فایل (مگابایت)"
          name={name("maxBytes")}
          value={megabytes(rules()?.maxBytes ?? 0)}
          error={at("maxBytes")}
        />
        <NumberField
          label="بیشترین شمار فایل‌ها"
          name={name("maxCount")}
          value={digits(rules()?.maxCount)}
          error={at("maxCount")}
        />
      </div>
    </Group>
  );
}

function RoundGroup(props: { round: RoundConfig; index: number; error: unknown }) {
  const name = (key: string) => `rounds.${props.index}.${key}`;
  const at = (key: string) => issueAt(props.error, `changes.${name(key)}`);
  const quota = () => props.round.quota;
  return (
    <Group
      legend={`مرحلهٔ ${toPersianDigits(props.index + 1)} داوری: ${props.round.titleFa}`}
      error={issueAt(props.error, `changes.rounds.${props.index}.rubric`)}
    >
      <Field
        label="عنوان مرحله"
        name={name("titleFa")}
        value={props.round.titleFa}
        required
        error={at("titleFa")}
      />
      <div class="form-row">
        <NumberField
          label="شمار داوران هر اثر"
          name={name("reviewsPerWork")}
          value={digits(props.round.reviewsPerWork)}
          error={at("reviewsPerWork")}
        />
        <Show when={quota()}>
          {(q) => (
            <NumberField
              label="سهمیهٔ برگزیدگان"
              name={name("quota.perGroup")}
              value={digits(q().perGroup)}
              hint={`حداکثر شمار آثار برگزیده برای هر ${q()
                .groupBy.map((g) => quotaGroupLabels[g])
                .join(" و ")}.`}
              error={at("quota")}
            />
          )}
        </Show>
        <DayField
          label="مهلت مرحله"
          name={name("dueAt")}
          value={windowDay(props.round.dueAt, "closes")}
          hint="تا پایان این روز؛ اگر خالی بماند، پایان داوری برنامه."
          error={at("dueAt")}
        />
      </div>
    </Group>
  );
}
