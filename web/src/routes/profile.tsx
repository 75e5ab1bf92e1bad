import { formatJalali, toAsciiDigits, toPersianDigits } from "@hamdel/core/fa";
import { action, createAsync, Navigate, redirect, useSubmission } from "@solidjs/router";
import { createSignal, For, Match, Show, Suspense, Switch } from "solid-js";
import { Field, SelectField } from "../components/Field";
import { FormAlert, Status } from "../components/FormAlert";
import { Page } from "../components/Page";
import { getDistricts, getNeighbourhoods } from "../lib/geo";
import { getMe, getSessions, identity } from "../lib/identity";
import { type Citizen, citizenOf, paths, type Staff, staffOf } from "../lib/nav";
import { fieldError } from "../lib/problem";
import { describeGrants } from "../lib/roles";
import { describeUserAgent } from "../lib/user-agent";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

const saveProfile = action(async (form: FormData) => {
  await identity.updateProfile({
    firstName: text(form, "firstName"),
    lastName: text(form, "lastName"),
    nationalId: toAsciiDigits(text(form, "nationalId")),
    birthDate: toAsciiDigits(text(form, "birthDate")),
    district: text(form, "district"),
    neighbourhood: text(form, "neighbourhood"),
  });
  return "پروفایل ذخیره شد.";
}, "profile-save");

const signOut = action(async () => {
  await identity.signOut();
  throw redirect(paths.home);
}, "sign-out");

const revokeSession = action(async (id: string) => {
  await identity.revokeSession(id);
  return "نشست پایان یافت.";
}, "session-revoke");

export default function Profile() {
  const me = createAsync(() => getMe());
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.signIn}?next=${encodeURIComponent(paths.profile)}`} />
      </Match>
      <Match when={me()}>
        {(who) => (
          <Page title={who().kind === "citizen" ? "پروفایل من" : "حساب من"}>
            <Switch>
              <Match when={citizenOf(who())}>{(citizen) => <CitizenProfile me={citizen()} />}</Match>
              <Match when={staffOf(who())}>{(staff) => <StaffAccount me={staff()} />}</Match>
            </Switch>
            <Sessions />
            <SignOut />
          </Page>
        )}
      </Match>
    </Switch>
  );
}

function CitizenProfile(props: { me: Citizen }) {
  const saving = useSubmission(saveProfile);
  const districts = createAsync(() => getDistricts());
  const [district, setDistrict] = createSignal(props.me.profile?.district ?? "");
  const [neighbourhood, setNeighbourhood] = createSignal(props.me.profile?.neighbourhood ?? "");
  const neighbourhoods = createAsync(async () => (district() ? getNeighbourhoods(district()) : []));
  const birthDate = () => {
    const value = props.me.profile?.birthDate;
    return value ? formatJalali(value) : "";
  };

  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">اطلاعات شخصی</h2>
      <p>
        شمارهٔ موبایل:{" "}
        <bdi class="nums" dir="ltr">
          {toPersianDigits(props.me.mobile)}
        </bdi>
      </p>
      <Show when={!props.me.profileComplete}>
        <p class="notice">برای شرکت در برنامه‌های همدل، پروفایل خود را کامل کنید.</p>
      </Show>
      <form action={saveProfile} method="post" class="form" aria-labelledby="profile-heading" novalidate>
        <div class="form-row">
          <Field
            label="نام"
            name="firstName"
            autocomplete="given-name"
            required
            value={props.me.profile?.firstName ?? ""}
            error={fieldError(saving.error, "firstName")}
          />
          <Field
            label="نام خانوادگی"
            name="lastName"
            autocomplete="family-name"
            required
            value={props.me.profile?.lastName ?? ""}
            error={fieldError(saving.error, "lastName")}
          />
        </div>
        <Field
          label="کد ملی"
          name="nationalId"
          inputmode="numeric"
          dir="ltr"
          required
          hint={
            props.me.profile
              ? `کد ملی ثبت‌شده به ${toPersianDigits(props.me.profile.nationalIdLast3)} ختم می‌شود؛ برای ذخیرهٔ تغییرات آن را دوباره وارد کنید.`
              : "۱۰ رقم، بدون خط تیره."
          }
          error={fieldError(saving.error, "nationalId")}
        />
        <Field
          label="تاریخ تولد"
          name="birthDate"
          inputmode="numeric"
          autocomplete="off"
          dir="ltr"
          required
          placeholder="۱۳۷۰/۰۵/۱۲"
          value={birthDate()}
          hint="به تقویم خورشیدی: سال/ماه/روز، مانند ۱۳۷۰/۰۵/۱۲."
          error={fieldError(saving.error, "birthDate")}
        />
        <div class="form-row">
          <SelectField
            label="منطقه"
            name="district"
            required
            onChange={(e) => {
              setDistrict(e.currentTarget.value);
              setNeighbourhood("");
            }}
            error={fieldError(saving.error, "district")}
          >
            <option value="">منطقه را انتخاب کنید</option>
            <For each={districts()}>
              {(d) => (
                <option value={d.id} selected={d.id === district()}>
                  {d.name}
                </option>
              )}
            </For>
          </SelectField>
          <Suspense
            fallback={
              <SelectField label="محله" name="neighbourhood" disabled>
                <option value="">در حال بارگذاری محله‌ها…</option>
              </SelectField>
            }
          >
            <SelectField
              label="محله"
              name="neighbourhood"
              required
              disabled={!district()}
              onChange={(e) => setNeighbourhood(e.currentTarget.value)}
              error={fieldError(saving.error, "neighbourhood")}
            >
              <option value="">{district() ? "محله را انتخاب کنید" : "ابتدا منطقه را انتخاب کنید"}</option>
              <For each={neighbourhoods()}>
                {(n) => (
                  <option value={n.id} selected={n.id === neighbourhood()}>
                    {n.name}
                  </option>
                )}
              </For>
            </SelectField>
          </Suspense>
        </div>
        <FormAlert error={saving.error} />
        <Status message={!saving.pending && saving.result} />
        <button type="submit" class="button" disabled={saving.pending}>
          {saving.pending ? "در حال ذخیره…" : "ذخیرهٔ پروفایل"}
        </button>
      </form>
    </section>
  );
}

function StaffAccount(props: { me: Staff }) {
  return (
    <section aria-labelledby="account-heading">
      <h2 id="account-heading">اطلاعات حساب</h2>
      <dl class="facts">
        <dt>نام</dt>
        <dd>{props.me.displayName}</dd>
        <dt>نام کاربری</dt>
        <dd>
          <bdi dir="ltr">{props.me.username}</bdi>
        </dd>
        <dt>نقش‌ها</dt>
        <dd>{describeGrants(props.me.roles)}</dd>
      </dl>
    </section>
  );
}

function Sessions() {
  const sessions = createAsync(() => getSessions());
  const revoking = useSubmission(revokeSession);
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">دستگاه‌های واردشده</h2>
      <p class="hint">اگر دستگاهی را نمی‌شناسید، نشست آن را پایان دهید.</p>
      <Suspense fallback={<p role="status">در حال بارگذاری نشست‌ها…</p>}>
        <ul class="sessions" aria-labelledby="sessions-heading">
          <For each={sessions()}>
            {(session) => {
              const device = describeUserAgent(session.userAgent);
              return (
                <li class="session">
                  <p class="session__device">
                    {device}
                    <Show when={session.current}>
                      <span class="badge">همین دستگاه</span>
                    </Show>
                  </p>
                  <p class="hint">
                    ورود: {formatJalali(session.createdAt, { style: "long", time: true })}
                    <br />
                    آخرین فعالیت: {formatJalali(session.lastSeenAt, { style: "long", time: true })}
                  </p>
                  <Show when={!session.current}>
                    <form action={revokeSession.with(session.id)} method="post">
                      <button type="submit" class="button button--quiet" disabled={revoking.pending}>
                        پایان نشست<span class="visually-hidden"> {device}</span>
                      </button>
                    </form>
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
      </Suspense>
      <FormAlert error={revoking.error} />
      <Status message={!revoking.pending && revoking.result} />
    </section>
  );
}

function SignOut() {
  const signingOut = useSubmission(signOut);
  return (
    <section aria-labelledby="sign-out-heading">
      <h2 id="sign-out-heading">خروج</h2>
      <form action={signOut} method="post">
        <button type="submit" class="button button--danger" disabled={signingOut.pending}>
          خروج از حساب
        </button>
      </form>
      <FormAlert error={signingOut.error} />
    </section>
  );
}
