import { formatJalali, toPersianDigits } from "@hamdel/core/fa";
import { A, action, createAsync, Navigate, useSubmission } from "@solidjs/router";
import { createSignal, For, Match, Show, Suspense, Switch } from "solid-js";
import { FormAlert, Status } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import {
  type EntryView,
  festival,
  getMyEntries,
  getProgramme,
  type PublicProgramme,
} from "../../lib/festival";
import { getMe } from "../../lib/identity";
import { citizenOf, paths } from "../../lib/nav";
import {
  createFilesState,
  type FilesState,
  FormFields,
  filesOfEntry,
  SaveFooter,
  valuesFrom,
} from "./fields";
import "./festival.css";

const withdraw = action(async (entryId: string) => {
  await festival.withdraw(entryId);
  return "انصراف ثبت شد.";
}, "festival-withdraw");

interface EditContext {
  entry: EntryView;
  programme: PublicProgramme;
  files: FilesState;
}

const edit = action(async (ctx: EditContext, form: FormData) => {
  await festival.edit(ctx.entry.id, {
    version: ctx.entry.version,
    ...(ctx.entry.categoryId ? { categoryId: ctx.entry.categoryId } : {}),
    values: valuesFrom(form, ctx.programme.form.fields, ctx.files),
  });
  return "تغییرات ذخیره شد.";
}, "festival-edit");

/** The citizen's entries with their status at every stage; edit and withdraw while the window is open. */
export default function MyEntries() {
  const me = createAsync(() => getMe());
  const entries = createAsync(() => (citizenOf(me()) ? getMyEntries() : Promise.resolve(undefined)));
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.signIn}?next=${encodeURIComponent(paths.festivalEntries)}`} />
      </Match>
      <Match when={me() && !citizenOf(me())}>
        <Page title="آثار ثبت‌شدهٔ من">
          <p role="alert">این صفحه برای شهروندانی است که اثر ثبت کرده‌اند.</p>
        </Page>
      </Match>
      <Match when={me()}>
        <Page title="آثار ثبت‌شدهٔ من" lead="وضعیت هر اثر در هر مرحله اینجا دیده می‌شود.">
          <Suspense fallback={<p role="status">در حال بارگذاری آثار…</p>}>
            <Show
              when={(entries()?.length ?? 0) > 0}
              fallback={
                <p>
                  هنوز اثری ثبت نکرده‌اید. <A href={paths.festival}>برنامه‌های باز را ببینید</A>.
                </p>
              }
            >
              <ul class="entries" aria-label="آثار من">
                <For each={entries()}>{(entry) => <EntryCard entry={entry} />}</For>
              </ul>
            </Show>
          </Suspense>
        </Page>
      </Match>
    </Switch>
  );
}

function EntryCard(props: { entry: EntryView }) {
  const withdrawing = useSubmission(withdraw, ([id]) => id === props.entry.id);
  const [editing, setEditing] = createSignal(false);
  const headingId = () => `entry-${props.entry.id}`;
  const title = () => {
    const t = props.entry.values.title;
    return typeof t === "string" && t ? t : `اثر ${toPersianDigits(props.entry.trackingCode)}`;
  };
  return (
    <li class="card" aria-labelledby={headingId()}>
      <h2 id={headingId()}>{title()}</h2>
      <Show when={props.entry.thumbnailUrl}>
        {(src) => (
          <img class="entry-thumbnail" src={src()} alt={`تصویر ${title()}`} width="160" height="120" />
        )}
      </Show>
      <dl class="facts">
        <dt>کد پیگیری</dt>
        <dd>
          <bdi dir="ltr">{toPersianDigits(props.entry.trackingCode)}</bdi>
        </dd>
        <dt>وضعیت</dt>
        <dd data-testid="entry-status">{props.entry.statusLabelFa}</dd>
        <dt>تاریخ ثبت</dt>
        <dd>{formatJalali(props.entry.submittedAt, { style: "long" })}</dd>
        <Show when={props.entry.child}>
          {(child) => (
            <>
              <dt>کودک</dt>
              <dd>
                {child().firstName}، {toPersianDigits(child().age)} ساله
              </dd>
            </>
          )}
        </Show>
        <Show when={props.entry.editable}>
          <dt>ویرایش یا انصراف تا</dt>
          <dd>{formatJalali(props.entry.editableUntil, { style: "long", time: true })}</dd>
        </Show>
      </dl>
      <Show when={props.entry.editable}>
        <div class="actions">
          <button
            type="button"
            class="button button--quiet"
            aria-expanded={editing()}
            onClick={() => setEditing(!editing())}
          >
            ویرایش<span class="visually-hidden"> {title()}</span>
          </button>
          <form action={withdraw.with(props.entry.id)} method="post">
            <button type="submit" class="button button--danger" disabled={withdrawing.pending}>
              انصراف<span class="visually-hidden"> از {title()}</span>
            </button>
          </form>
        </div>
        <Show when={editing()}>
          <EditForm entry={props.entry} />
        </Show>
      </Show>
      <FormAlert error={withdrawing.error} />
      <Status message={!withdrawing.pending && withdrawing.result} />
    </li>
  );
}

function EditForm(props: { entry: EntryView }) {
  const programme = createAsync(() => getProgramme(props.entry.programmeId));
  const saving = useSubmission(edit, ([ctx]) => ctx.entry.id === props.entry.id);
  return (
    <Suspense fallback={<p role="status">در حال بارگذاری فرم…</p>}>
      <Show when={programme()}>
        {(p) => {
          const files = createFilesState(filesOfEntry(p().form.fields, props.entry.values));
          return (
            <form
              action={edit.with({ entry: props.entry, programme: p(), files })}
              method="post"
              class="form"
              aria-label={`ویرایش اثر ${toPersianDigits(props.entry.trackingCode)}`}
              novalidate
            >
              <FormFields
                fields={p().form.fields}
                files={files}
                error={saving.error}
                initial={props.entry.values}
              />
              <SaveFooter saving={saving} />
            </form>
          );
        }}
      </Show>
    </Suspense>
  );
}
