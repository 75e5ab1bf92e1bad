import { toAsciiDigits, toPersianDigits } from "@hamdel/core/fa";
import { programmeKindLabelsFa } from "@hamdel/core/festival/model";
import { A, action, createAsync, Navigate, useSubmission } from "@solidjs/router";
import { For, Match, Show, Suspense, Switch } from "solid-js";
import { Field, SelectField } from "../../components/Field";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { festival, getAllProgrammes, type ProgrammeTemplate } from "../../lib/festival";
import { getMe } from "../../lib/identity";
import { isCentralSecretariat, paths } from "../../lib/nav";
import { ApiProblem } from "../../lib/problem";
import { issueAt } from "./fields";
import { windowFa, windowInstant } from "./format";
import "./festival.css";

const text = (form: FormData, name: string) => toAsciiDigits(String(form.get(name) ?? "").trim());

const notADate = (path: string) =>
  new ApiProblem(422, {
    code: "input.invalid",
    messageFa: "تاریخ‌ها را بررسی کنید.",
    fields: [{ path, message: "تاریخ درست نیست؛ مثلاً ۱۴۰۴/۰۷/۰۱." }],
  });

const createProgramme = action(async (form: FormData) => {
  const opens = windowInstant(text(form, "opens"), "opens");
  if (!opens) throw notADate("submissionOpensAt");
  const closes = windowInstant(text(form, "closes"), "closes");
  if (!closes) throw notADate("submissionClosesAt");
  const title = String(form.get("title") ?? "").trim();
  const created = await festival.createFromTemplate(text(form, "template") as ProgrammeTemplate, {
    ...(title ? { title } : {}),
    submissionOpensAt: opens,
    submissionClosesAt: closes,
  });
  return `برنامهٔ «${created.title}» ساخته شد.`;
}, "festival-create-programme");

/** The central secretariat's programmes: every one of them, and a new one from a template. */
export default function StaffFestival() {
  const me = createAsync(() => getMe());
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.staffSignIn}?next=${encodeURIComponent(paths.staffFestival)}`} />
      </Match>
      <Match when={me() && !isCentralSecretariat(me())}>
        <Page title="برنامه‌های جشنواره">
          <p role="alert">این بخش فقط برای دبیرخانهٔ مرکزی است.</p>
        </Page>
      </Match>
      <Match when={isCentralSecretariat(me())}>
        <Page title="برنامه‌های جشنواره" wide>
          <CreateForm />
          <ProgrammeList />
        </Page>
      </Match>
    </Switch>
  );
}

function CreateForm() {
  const creating = useSubmission(createProgramme);
  return (
    <section aria-labelledby="create-heading">
      <h2 id="create-heading">برنامهٔ تازه از الگو</h2>
      <form action={createProgramme} method="post" class="form" aria-labelledby="create-heading" novalidate>
        <SelectField label="الگو" name="template" required>
          <option value="painting">مسابقهٔ نقاشی کودکان «شهری که من دوست دارم»</option>
          <option value="hami">جشنوارهٔ حامی</option>
        </SelectField>
        <Field
          label="عنوان (اختیاری)"
          name="title"
          hint="اگر خالی بماند، عنوان الگو به کار می‌رود."
          error={issueAt(creating.error, "title")}
        />
        <div class="form-row">
          <Field
            label="آغاز مهلت ارسال"
            name="opens"
            inputmode="numeric"
            dir="ltr"
            autocomplete="off"
            placeholder="۱۴۰۴/۰۷/۰۱"
            required
            hint="تاریخ خورشیدی؛ از ابتدای این روز (وقت تهران)."
            error={issueAt(creating.error, "submissionOpensAt")}
          />
          <Field
            label="پایان مهلت ارسال"
            name="closes"
            inputmode="numeric"
            dir="ltr"
            autocomplete="off"
            placeholder="۱۴۰۴/۰۸/۳۰"
            required
            hint="تاریخ خورشیدی؛ تا پایان این روز (وقت تهران)."
            error={issueAt(creating.error, "submissionClosesAt")}
          />
        </div>
        <FormAlert error={creating.error} />
        <Status message={!creating.pending && creating.result} />
        <button type="submit" class="button" disabled={creating.pending}>
          {creating.pending ? "در حال ساخت…" : "ساخت برنامه"}
        </button>
      </form>
    </section>
  );
}

function ProgrammeList() {
  const programmes = createAsync(() => getAllProgrammes());
  return (
    <section aria-labelledby="list-heading">
      <h2 id="list-heading">همهٔ برنامه‌ها</h2>
      <Suspense fallback={<p role="status">در حال بارگذاری برنامه‌ها…</p>}>
        <Show when={(programmes()?.length ?? 0) > 0} fallback={<p>هنوز برنامه‌ای ساخته نشده است.</p>}>
          <table class="table">
            <caption class="visually-hidden">برنامه‌ها، جدیدترین مهلت نخست</caption>
            <thead>
              <tr>
                <th scope="col">عنوان</th>
                <th scope="col">نوع</th>
                <th scope="col">مهلت ارسال</th>
                <th scope="col">مراحل داوری</th>
                <th scope="col">تنظیمات</th>
              </tr>
            </thead>
            <tbody>
              <For each={programmes()}>
                {(p) => (
                  <tr>
                    <th scope="row">
                      <A href={paths.staffJudging(p.id)}>{p.title}</A>
                    </th>
                    <td>{programmeKindLabelsFa[p.kind]}</td>
                    <td>{windowFa(p)}</td>
                    <td>{toPersianDigits(p.rounds.length)}</td>
                    <td>
                      <A href={paths.staffProgrammeEdit(p.id)} aria-label={`ویرایش تنظیمات «${p.title}»`}>
                        ویرایش
                      </A>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </Suspense>
    </section>
  );
}
