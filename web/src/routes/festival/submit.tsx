import { toAsciiDigits, toPersianDigits } from "@hamdel/core/fa";
import {
  type EntrantKind,
  type EntryView,
  entrantKindLabelsFa,
  type OrganisationKind,
  type SubmitEntryInput,
} from "@hamdel/core/festival/model";
import { A, action, createAsync, Navigate, useParams, useSubmission } from "@solidjs/router";
import { createSignal, For, Match, Show, Suspense, Switch } from "solid-js";
import { Field, SelectField } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { festival, getProgramme, type PublicProgramme } from "../../lib/festival";
import { getMe } from "../../lib/identity";
import { citizenOf, paths } from "../../lib/nav";
import { createFilesState, type FilesState, FormFields, issueAt, valuesFrom } from "./fields";
import { ageGroupFor, windowFa } from "./format";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

const organisationKindLabels: Record<OrganisationKind, string> = {
  ngo: "سازمان مردم‌نهاد (سمن)",
  cbo: "نهاد محلی",
  charity: "خیریه",
};

const gradeLabels = [
  "پیش‌دبستانی",
  "اول",
  "دوم",
  "سوم",
  "چهارم",
  "پنجم",
  "ششم",
  "هفتم",
  "هشتم",
  "نهم",
  "دهم",
  "یازدهم",
  "دوازدهم",
];

interface SubmitContext {
  programme: PublicProgramme;
  files: FilesState;
  /** Chosen once per page: a retried submission answers the entry the first one made. */
  requestId: string;
}

const submitEntry = action(async (ctx: SubmitContext, form: FormData): Promise<EntryView> => {
  const entrantKind = text(form, "entrantKind") as EntrantKind;
  const input: Omit<SubmitEntryInput, "programmeId"> = {
    requestId: ctx.requestId,
    entrantKind,
    values: valuesFrom(form, ctx.programme.form.fields, ctx.files),
  };
  const category = text(form, "categoryId");
  if (category) input.categoryId = category;
  if (entrantKind === "organisation") {
    const registration = text(form, "organisation.registrationNumber");
    input.organisation = {
      kind: text(form, "organisation.kind") as OrganisationKind,
      name: text(form, "organisation.name"),
      ...(registration ? { registrationNumber: registration } : {}),
    };
  }
  if (entrantKind === "child_by_guardian") {
    const grade = text(form, "child.schoolGrade");
    input.child = {
      firstName: text(form, "child.firstName"),
      birthDate: toAsciiDigits(text(form, "child.birthDate")),
      ...(grade !== "" ? { schoolGrade: Number(grade) } : {}),
    };
    if (form.get("consent") === "on")
      input.consent = {
        given: true,
        textVersion: ctx.programme.guardianConsent?.version ?? "",
        gallery: form.get("consent.gallery") === "on",
      };
  }
  return festival.submit(ctx.programme.id, input);
}, "festival-submit");

export default function SubmitEntry() {
  const params = useParams<{ programmeId: string }>();
  const me = createAsync(() => getMe());
  const programme = createAsync(() =>
    getProgramme(params.programmeId).catch((error: unknown) => ({ error })),
  );
  const here = () => paths.festivalSubmit(params.programmeId);
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.signIn}?next=${encodeURIComponent(here())}`} />
      </Match>
      <Match when={me() && !citizenOf(me())}>
        <Page title="ثبت اثر">
          <p role="alert">ثبت اثر فقط برای شهروندان است.</p>
        </Page>
      </Match>
      <Match when={me()}>
        <Suspense fallback={<p role="status">در حال بارگذاری برنامه…</p>}>
          <Show when={programme()}>
            {(p) => (
              <Show
                when={"id" in p() ? (p() as PublicProgramme) : undefined}
                fallback={
                  <Page title="ثبت اثر">
                    <FormAlert error={(p() as { error: unknown }).error} />
                  </Page>
                }
              >
                {(loaded) => (
                  <SubmitForm
                    programme={loaded()}
                    profileComplete={citizenOf(me())?.profileComplete ?? false}
                  />
                )}
              </Show>
            )}
          </Show>
        </Suspense>
      </Match>
    </Switch>
  );
}

function SubmitForm(props: { programme: PublicProgramme; profileComplete: boolean }) {
  const files = createFilesState();
  const ctx: SubmitContext = { programme: props.programme, files, requestId: crypto.randomUUID() };
  const submitting = useSubmission(submitEntry);
  const kinds = () => props.programme.entrantKinds;
  const [entrantKind, setEntrantKind] = createSignal<EntrantKind>(kinds()[0] ?? "citizen");
  const done = () => (submitting.result && !submitting.pending ? submitting.result : undefined);

  return (
    <Page title={`ثبت اثر: ${props.programme.title}`} lead={`مهلت ارسال ${windowFa(props.programme)}.`}>
      <Show
        when={done()}
        fallback={
          <>
            <Show when={!props.profileComplete}>
              <p class="notice">
                محلهٔ اثر از پروفایل شما برداشته می‌شود؛ برای ثبت اثر کودک، ابتدا{" "}
                <A href={paths.profile}>پروفایل خود را کامل کنید</A>.
              </p>
            </Show>
            <form
              action={submitEntry.with(ctx)}
              method="post"
              class="form"
              aria-labelledby="page-title"
              novalidate
            >
              <Show
                when={kinds().length > 1}
                fallback={<input type="hidden" name="entrantKind" value={entrantKind()} />}
              >
                <SelectField
                  label="ثبت اثر از طرف"
                  name="entrantKind"
                  onChange={(e) => setEntrantKind(e.currentTarget.value as EntrantKind)}
                  error={issueAt(submitting.error, "entrantKind")}
                >
                  <For each={kinds()}>
                    {(k) => (
                      <option value={k} selected={k === entrantKind()}>
                        {entrantKindLabelsFa[k]}
                      </option>
                    )}
                  </For>
                </SelectField>
              </Show>
              <Show when={props.programme.categories.length > 0}>
                <SelectField
                  label="محور اثر (الزامی)"
                  name="categoryId"
                  required
                  error={issueAt(submitting.error, "categoryId")}
                >
                  <option value="">محور را انتخاب کنید</option>
                  <For each={props.programme.categories}>
                    {(c) => <option value={c.id}>{c.titleFa}</option>}
                  </For>
                </SelectField>
              </Show>
              <Switch>
                <Match when={entrantKind() === "organisation"}>
                  <OrganisationSection error={submitting.error} />
                </Match>
                <Match when={entrantKind() === "child_by_guardian"}>
                  <GuardianSection programme={props.programme} error={submitting.error} />
                </Match>
              </Switch>
              <fieldset class="fieldset">
                <legend>اثر</legend>
                <FormFields fields={props.programme.form.fields} files={files} error={submitting.error} />
              </fieldset>
              <FormAlert error={submitting.error} />
              <button type="submit" class="button" disabled={submitting.pending}>
                {submitting.pending ? "در حال ثبت…" : "ثبت اثر"}
              </button>
            </form>
          </>
        }
      >
        {(entry) => (
          <section aria-labelledby="done-heading" role="status">
            <h2 id="done-heading">اثر شما ثبت شد</h2>
            <p>
              کد پیگیری:{" "}
              <bdi class="tracking-code" dir="ltr" data-testid="tracking-code">
                {toPersianDigits(entry().trackingCode)}
              </bdi>
            </p>
            <p>وضعیت: {entry().statusLabelFa}</p>
            <p>
              <A href={paths.festivalEntries}>آثار ثبت‌شدهٔ من</A>
            </p>
          </section>
        )}
      </Show>
    </Page>
  );
}

function OrganisationSection(props: { error: unknown }) {
  return (
    <fieldset class="fieldset">
      <legend>مشخصات سازمان</legend>
      <SelectField
        label="نوع سازمان"
        name="organisation.kind"
        required
        error={issueAt(props.error, "organisation.kind")}
      >
        <For each={Object.entries(organisationKindLabels)}>
          {([value, label]) => <option value={value}>{label}</option>}
        </For>
      </SelectField>
      <Field
        label="نام سازمان"
        name="organisation.name"
        required
        error={issueAt(props.error, "organisation.name") ?? issueAt(props.error, "organisation")}
      />
      <Field
        label="شناسهٔ ملی یا شمارهٔ ثبت"
        name="organisation.registrationNumber"
        dir="ltr"
        inputmode="numeric"
        error={issueAt(props.error, "organisation.registrationNumber")}
      />
    </fieldset>
  );
}

/** The child's details and the guardian's consent; the age group is shown as the date is typed. */
function GuardianSection(props: { programme: PublicProgramme; error: unknown }) {
  const [birthDate, setBirthDate] = createSignal("");
  const group = () => (birthDate() ? ageGroupFor(props.programme, birthDate()) : null);
  return (
    <fieldset class="fieldset">
      <legend>مشخصات کودک</legend>
      <Field
        label="نام کوچک کودک"
        name="child.firstName"
        required
        autocomplete="off"
        hint="فقط نام کوچک؛ نام خانوادگی کودک پرسیده و نمایش داده نمی‌شود."
        error={issueAt(props.error, "child.firstName") ?? issueAt(props.error, "child")}
      />
      <Field
        label="تاریخ تولد کودک"
        name="child.birthDate"
        inputmode="numeric"
        dir="ltr"
        autocomplete="off"
        placeholder="۱۳۹۷/۰۳/۱۲"
        required
        hint="به تقویم خورشیدی: سال/ماه/روز، مانند ۱۳۹۷/۰۳/۱۲."
        onInput={(e) => setBirthDate(e.currentTarget.value)}
        error={issueAt(props.error, "child.birthDate")}
      />
      <p role="status" class="hint" data-testid="age-group">
        <Show when={birthDate()}>
          <Switch fallback="تاریخ تولد را کامل وارد کنید.">
            <Match when={group()?.titleFa}>
              {(title) => `سن کودک: ${toPersianDigits(group()?.age ?? 0)} سال — گروه سنی: ${title()}`}
            </Match>
            <Match when={group()}>
              {(g) => `سن کودک ${toPersianDigits(g().age)} سال است و در گروه‌های سنی این مسابقه نیست.`}
            </Match>
          </Switch>
        </Show>
      </p>
      <SelectField
        label="پایهٔ تحصیلی (اختیاری)"
        name="child.schoolGrade"
        error={issueAt(props.error, "child.schoolGrade")}
      >
        <option value="">انتخاب نشده</option>
        <For each={gradeLabels}>{(label, i) => <option value={String(i())}>{label}</option>}</For>
      </SelectField>
      <Show when={props.programme.guardianConsent}>
        {(consent) => (
          <div class="consent" classList={{ "field--invalid": !!issueAt(props.error, "consent") }}>
            <p id="consent-text">{consent().textFa}</p>
            <label class="check">
              <input
                type="checkbox"
                name="consent"
                required
                aria-describedby="consent-text"
                aria-invalid={issueAt(props.error, "consent") ? "true" : undefined}
              />{" "}
              متن بالا را خواندم و به عنوان ولی کودک رضایت می‌دهم.
            </label>
            <Show when={issueAt(props.error, "consent")}>
              {(message) => <p class="field-error">{message()}</p>}
            </Show>
            <Show when={consent().galleryTextFa}>
              {(galleryText) => (
                <>
                  <p id="consent-gallery-text">{galleryText()}</p>
                  <label class="check">
                    <input type="checkbox" name="consent.gallery" aria-describedby="consent-gallery-text" />{" "}
                    با نمایش اثر در نگارخانهٔ عمومی موافقم (اختیاری).
                  </label>
                </>
              )}
            </Show>
          </div>
        )}
      </Show>
    </fieldset>
  );
}
