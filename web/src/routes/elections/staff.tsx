import { parseJalaliDate, tehranWallTime, toAsciiDigits } from "@hamdel/core/fa";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { A, action, createAsync, Navigate, useNavigate, useSubmission } from "@solidjs/router";
import { createEffect, createSignal, For, Match, on, Show, Suspense, Switch } from "solid-js";
import { Field, SelectField } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { elections, getElections } from "../../lib/elections";
import { getDistricts } from "../../lib/geo";
import { getMe } from "../../lib/identity";
import { hasElectionRole, paths, type Staff, staffOf } from "../../lib/nav";
import { ApiProblem, fieldError } from "../../lib/problem";
import { faNumber, phaseOf, tehranTime } from "./format";
import { electionPaths, PhaseBadge } from "./parts";

export const isElectionAdmin = (me: Staff | undefined) =>
  !!me?.roles.some((g) => g.role === "election_admin");
export const isPollingOfficer = (me: Staff | undefined) =>
  !!me?.roles.some((g) => g.role === "polling_officer");

const text = (form: FormData, name: string) => toAsciiDigits(String(form.get(name) ?? "")).trim();
const invalid = (path: string, message: string) =>
  new ApiProblem(422, { code: "web.invalid_schedule", messageFa: message, fields: [{ path, message }] });

/** A Jalali day typed by a person → ISO day, or a field error on `path`. */
function isoDay(form: FormData, name: string, path: string): string {
  const parsed = parseJalaliDate(text(form, name));
  if (!parsed) throw invalid(path, "تاریخ را به شکل ۱۴۰۵/۰۳/۱۰ وارد کنید.");
  return parsed.iso;
}
/** A Jalali day and a Tehran wall-clock time → the instant (ISO UTC). */
function instant(form: FormData, name: string, path: string): string {
  const day = isoDay(form, `${name}Day`, path);
  const time = text(form, `${name}Time`);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw invalid(path, "ساعت را به شکل ۰۸:۰۰ وارد کنید.");
  return tehranWallTime(day, time).toISOString();
}
const whole = (form: FormData, name: string) => Number.parseInt(text(form, name), 10);

const createElection = action(async (form: FormData) => {
  const created = await elections.create({
    title: String(form.get("title") ?? "").trim(),
    term: whole(form, "term"),
    neighbourhoods: form.getAll("neighbourhoods").map(String),
    seats: {
      mainSeats: whole(form, "mainSeats"),
      alternateSeats: whole(form, "alternateSeats"),
      maxChoices: whole(form, "maxChoices"),
    },
    registration: {
      opensAt: instant(form, "regOpens", "registration"),
      closesAt: instant(form, "regCloses", "registration"),
    },
    voting: {
      day: isoDay(form, "votingDay", "voting"),
      opens: text(form, "votingOpens"),
      closes: text(form, "votingCloses"),
      maxExtensionMinutes: whole(form, "maxExtension"),
    },
    complaints: {
      opensAt: instant(form, "complaintsOpens", "complaints"),
      closesAt: instant(form, "complaintsCloses", "complaints"),
    },
  });
  return created;
}, "election-create");

/** /staff/elections — elections for election staff; administrators create them here. */
export default function StaffElections() {
  const me = createAsync(() => getMe());
  return (
    <Switch fallback={<p role="status">در حال بارگذاری…</p>}>
      <Match when={me() === null}>
        <Navigate href={`${paths.staffSignIn}?next=${encodeURIComponent(electionPaths.staff)}`} />
      </Match>
      <Match when={me() && !hasElectionRole(me())}>
        <Page title="ادارهٔ انتخابات">
          <p role="alert">این بخش برای مجریان، ناظران و مأموران انتخابات است.</p>
        </Page>
      </Match>
      <Match when={staffOf(me())}>
        {(staff) => (
          <Page title="ادارهٔ انتخابات" wide>
            <ElectionTable staff={staff()} />
            <Show when={isElectionAdmin(staff())}>
              <CreateForm />
            </Show>
          </Page>
        )}
      </Match>
    </Switch>
  );
}

function ElectionTable(props: { staff: Staff }) {
  const list = createAsync(() => getElections());
  const now = Date.now();
  return (
    <section aria-labelledby="list-heading">
      <h2 id="list-heading">انتخابات</h2>
      <Suspense fallback={<p role="status">در حال بارگذاری…</p>}>
        <Show when={list()?.length} fallback={<p>هنوز انتخاباتی نیست.</p>}>
          <ul class="election-list">
            <For each={list()}>
              {(e) => (
                <li>
                  <h3>
                    {e.title}
                    <PhaseBadge phase={phaseOf(e, now)} />
                  </h3>
                  <p>
                    رأی‌گیری: {tehranTime(e.voting.opensAt)} تا {tehranTime(e.voting.effectiveClosesAt)} ·{" "}
                    {faNumber(e.neighbourhoods.length)} محله
                  </p>
                  <p class="actions">
                    <Show when={!isPollingOfficer(props.staff) || props.staff.roles.length > 1}>
                      <A href={electionPaths.staffElection(e.id)}>
                        اداره و نظارت<span class="visually-hidden"> {e.title}</span>
                      </A>
                    </Show>
                    <Show when={isPollingOfficer(props.staff)}>
                      <A href={electionPaths.kiosk(e.id)}>
                        شعبهٔ اخذ رأی (صدور کد)<span class="visually-hidden"> {e.title}</span>
                      </A>
                    </Show>
                  </p>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Suspense>
    </section>
  );
}

/** A Jalali day and a time, side by side; both named from `name`. */
function When(props: { name: string; label: string; day?: string; time?: string }) {
  return (
    <div class="form-row">
      <Field
        label={`${props.label}: تاریخ`}
        name={`${props.name}Day`}
        inputmode="numeric"
        dir="ltr"
        required
        placeholder="۱۴۰۵/۰۳/۱۰"
        value={props.day ?? ""}
      />
      <Field
        label={`${props.label}: ساعت (تهران)`}
        name={`${props.name}Time`}
        inputmode="numeric"
        dir="ltr"
        required
        placeholder="۰۸:۰۰"
        value={props.time ?? ""}
      />
    </div>
  );
}

function CreateForm() {
  const creating = useSubmission(createElection);
  const navigate = useNavigate();
  const districts = createAsync(() => getDistricts());
  const [district, setDistrict] = createSignal("");
  createEffect(
    on(
      () => creating.result,
      (made) => made && navigate(electionPaths.staffElection(made.id)),
    ),
  );
  const err = (name: string) => fieldError(creating.error, name);
  return (
    <section aria-labelledby="create-heading">
      <h2 id="create-heading">انتخابات تازه</h2>
      <form action={createElection} method="post" class="form" aria-labelledby="create-heading" novalidate>
        <div class="form-row">
          <Field label="عنوان" name="title" required error={err("title")} />
          <Field
            label="دوره"
            name="term"
            inputmode="numeric"
            dir="ltr"
            required
            value="۶"
            error={err("term")}
          />
        </div>
        <fieldset>
          <legend>محله‌های شرکت‌کننده</legend>
          <SelectField label="منطقه" name="district" onChange={(ev) => setDistrict(ev.currentTarget.value)}>
            <option value="">منطقه را انتخاب کنید</option>
            <For each={districts()}>{(d) => <option value={d.id}>{d.name}</option>}</For>
          </SelectField>
          <For each={neighbourhoodsOf(district())}>
            {(n) => (
              <div class="check">
                <input type="checkbox" id={`hood-${n.id}`} name="neighbourhoods" value={n.id} />
                <label for={`hood-${n.id}`}>{n.name}</label>
              </div>
            )}
          </For>
          <Show when={err("neighbourhoods")}>
            <p class="field-error">{err("neighbourhoods")}</p>
          </Show>
        </fieldset>
        <fieldset>
          <legend>کرسی‌ها در هر محله</legend>
          <div class="form-row">
            <Field label="اعضای اصلی" name="mainSeats" inputmode="numeric" dir="ltr" value="۷" required />
            <Field label="علی‌البدل" name="alternateSeats" inputmode="numeric" dir="ltr" value="۳" required />
          </div>
          <Field
            label="بیشترین شمار انتخاب در هر برگه"
            name="maxChoices"
            inputmode="numeric"
            dir="ltr"
            value="۷"
            required
            error={err("seats")}
          />
        </fieldset>
        <fieldset>
          <legend>ثبت‌نام نامزدها</legend>
          <When name="regOpens" label="آغاز" time="۰۸:۰۰" />
          <When name="regCloses" label="پایان" time="۱۶:۰۰" />
          <Show when={err("registration")}>
            <p class="field-error">{err("registration")}</p>
          </Show>
        </fieldset>
        <fieldset>
          <legend>رأی‌گیری (یک روز، به وقت تهران)</legend>
          <Field
            label="روز رأی‌گیری"
            name="votingDay"
            inputmode="numeric"
            dir="ltr"
            placeholder="۱۴۰۵/۰۳/۱۰"
            required
          />
          <div class="form-row">
            <Field label="آغاز" name="votingOpens" inputmode="numeric" dir="ltr" value="۰۸:۰۰" required />
            <Field label="پایان" name="votingCloses" inputmode="numeric" dir="ltr" value="۱۶:۰۰" required />
          </div>
          <Field
            label="بیشترین تمدید (دقیقه)"
            name="maxExtension"
            inputmode="numeric"
            dir="ltr"
            value="۲۴۰"
            hint="به حکم قانون حداکثر ۴ ساعت (۲۴۰ دقیقه)."
            required
          />
          <Show when={err("voting")}>
            <p class="field-error">{err("voting")}</p>
          </Show>
        </fieldset>
        <fieldset>
          <legend>مهلت شکایت</legend>
          <When name="complaintsOpens" label="آغاز" time="۰۸:۰۰" />
          <When name="complaintsCloses" label="پایان" time="۱۶:۰۰" />
          <Show when={err("complaints")}>
            <p class="field-error">{err("complaints")}</p>
          </Show>
        </fieldset>
        <FormAlert error={creating.error} />
        <button type="submit" class="button" disabled={creating.pending}>
          {creating.pending ? "در حال ساخت…" : "ساختن انتخابات"}
        </button>
      </form>
    </section>
  );
}
