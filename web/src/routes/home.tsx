import { A, createAsync } from "@solidjs/router";
import { For, Show } from "solid-js";
import { Page } from "../components/Page";
import { getMeOrNull } from "../lib/identity";
import { paths } from "../lib/nav";

interface Offer {
  title: string;
  text: string;
  /** Where to go now; offers without one are shown as coming soon. */
  href?: string;
  action?: string;
}

const offers: Offer[] = [
  {
    title: "حساب شهروندی",
    text: "با شمارهٔ موبایل وارد شوید و پروفایل خود را کامل کنید تا در برنامه‌های محلهٔ خود شرکت کنید.",
    href: paths.signIn,
    action: "ورود با موبایل",
  },
  {
    title: "جشنوارهٔ حامی",
    text: "اثر خود را در محورهای کارآفرینی، رفاه و خدمات اجتماعی یا مشارکت‌های مردمی به دبیرخانهٔ منطقه بفرستید.",
  },
  {
    title: "مسابقهٔ نقاشی «شهری که من دوست دارم»",
    text: "ولیّ کودک، نقاشی او را بارگذاری می‌کند؛ حریم خصوصی کودک اولویت دارد.",
  },
  {
    title: "انتخابات شورایاری",
    text: "در انتخابات الکترونیکی شورایاری محلهٔ خود رأی دهید و نتیجه را محله‌به‌محله ببینید.",
  },
  {
    title: "سامانهٔ سازمان‌های مردم‌نهاد",
    text: "سمن خود را ثبت کنید، مدارکش را به‌روز نگه دارید و در کارگاه‌های توان‌افزایی شرکت کنید.",
  },
  {
    title: "باشگاه خیّرین و داوطلبان",
    text: "به پویش‌های حمایتی منطقه‌ها کمک کنید یا داوطلب فعالیت‌های اجتماعی شوید.",
  },
  {
    title: "درخواست‌های مساجد (۱۳۷)",
    text: "رابطان مساجد درخواست‌های فوری مسجد محله را ثبت و پیگیری می‌کنند.",
  },
];

export function Home() {
  const me = createAsync(() => getMeOrNull());
  const needsProfile = () => {
    const m = me();
    return m?.kind === "citizen" && !m.profileComplete;
  };
  // The account card points to where the person stands: sign in, or their profile once signed in.
  const cards = (): Offer[] => {
    const [account, ...rest] = offers as [Offer, ...Offer[]];
    return me() ? [{ ...account, href: paths.profile, action: "حساب من" }, ...rest] : offers;
  };
  return (
    <Page
      title="همدل؛ مشارکت شهروندان در محله"
      lead="سامانهٔ معاونت امور اجتماعی و فرهنگی شهرداری تهران برای جشنواره‌ها، انتخابات شورایاری، سمن‌ها، خیّرین و مساجد ۲۲ منطقهٔ شهر."
      wide
    >
      <Show when={needsProfile()}>
        <p class="notice">
          پروفایل شما هنوز کامل نیست. <A href={paths.profile}>تکمیل پروفایل</A>
        </p>
      </Show>
      <h2 class="visually-hidden">آنچه در همدل می‌توانید انجام دهید</h2>
      <ul class="cards">
        <For each={cards()}>
          {(offer) => (
            <li class="card" classList={{ "card--soon": !offer.href }}>
              <h3>{offer.title}</h3>
              <p>{offer.text}</p>
              <Show when={offer.href} fallback={<p class="badge">به‌زودی</p>}>
                {(href) => (
                  <A class="button" href={href()}>
                    {offer.action}
                  </A>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Page>
  );
}
