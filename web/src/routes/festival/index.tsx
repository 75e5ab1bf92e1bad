import { toPersianDigits } from "@hamdel/core/fa";
import { entrantKindLabelsFa, programmeKindLabelsFa } from "@hamdel/core/festival/model";
import { A, createAsync } from "@solidjs/router";
import { For, Show, Suspense } from "solid-js";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { getOpenProgrammes, type PublicProgramme } from "../../lib/festival";
import { paths } from "../../lib/nav";
import { fileRulesFa, windowFa } from "./format";
import "./festival.css";

/** The public list of programmes taking submissions now, each with the rules an entrant needs. */
export default function Festival() {
  const programmes = createAsync(() => getOpenProgrammes().catch((error: unknown) => ({ error })));
  return (
    <Page
      title="جشنواره‌ها و مسابقه‌ها"
      lead="برنامه‌هایی که اکنون اثر می‌پذیرند، با شرایط شرکت. برای ثبت اثر وارد حساب خود شوید."
    >
      <p>
        <A href={paths.festivalEntries}>آثار ثبت‌شدهٔ من</A>
      </p>
      <Suspense fallback={<p role="status">در حال بارگذاری برنامه‌ها…</p>}>
        <Show when={programmes()}>
          {(result) => (
            <Show
              when={Array.isArray(result()) ? (result() as PublicProgramme[]) : undefined}
              fallback={<FormAlert error={(result() as { error: unknown }).error} />}
            >
              {(list) => (
                <Show when={list().length > 0} fallback={<p>اکنون برنامه‌ای در حال پذیرش اثر نیست.</p>}>
                  <ul class="programmes" aria-label="برنامه‌های باز">
                    <For each={list()}>{(p) => <ProgrammeRules programme={p} />}</For>
                  </ul>
                </Show>
              )}
            </Show>
          )}
        </Show>
      </Suspense>
    </Page>
  );
}

function ProgrammeRules(props: { programme: PublicProgramme }) {
  const headingId = () => `programme-${props.programme.id}`;
  const fileFields = () => props.programme.form.fields.filter((f) => f.kind === "files" && f.files);
  return (
    <li class="card programme" aria-labelledby={headingId()}>
      <h2 id={headingId()}>{props.programme.title}</h2>
      <p class="badge">{programmeKindLabelsFa[props.programme.kind]}</p>
      <Show when={props.programme.description}>
        <p>{props.programme.description}</p>
      </Show>
      <dl class="facts">
        <dt>مهلت ارسال</dt>
        <dd>{windowFa(props.programme)}</dd>
        <dt>چه کسانی می‌توانند شرکت کنند</dt>
        <dd>{props.programme.entrantKinds.map((k) => entrantKindLabelsFa[k]).join("، ")}</dd>
        <Show when={props.programme.categories.length > 0}>
          <dt>محورها</dt>
          <dd>{props.programme.categories.map((c) => c.titleFa).join("، ")}</dd>
        </Show>
        <Show when={props.programme.ageGroups.length > 0}>
          <dt>گروه‌های سنی</dt>
          <dd>
            {toPersianDigits(props.programme.ageGroups[0]?.minAge ?? 0)} تا{" "}
            {toPersianDigits(props.programme.ageGroups.at(-1)?.maxAge ?? 0)} سال، در{" "}
            {toPersianDigits(props.programme.ageGroups.length)} گروه
          </dd>
        </Show>
        <For each={fileFields()}>
          {(field) => (
            <>
              <dt>فایل‌ها: {field.labelFa}</dt>
              <dd>{field.files ? fileRulesFa(field.files) : ""}</dd>
            </>
          )}
        </For>
      </dl>
      <A class="button" href={paths.festivalSubmit(props.programme.id)}>
        ثبت اثر<span class="visually-hidden"> در {props.programme.title}</span>
      </A>
    </li>
  );
}
