/**
 * A session list shows "which device is this?". The full user-agent string means nothing to
 * people, so we name the browser and the system in Persian. Order matters: Edge and Opera also
 * say "Chrome", and Chrome also says "Safari".
 */
const browsers: [RegExp, string][] = [
  [/Edg\//, "اج"],
  [/OPR\/|Opera/, "اپرا"],
  [/SamsungBrowser/, "مرورگر سامسونگ"],
  [/Firefox\/|FxiOS/, "فایرفاکس"],
  [/Chrome\/|CriOS|Chromium/, "کروم"],
  [/Safari\//, "سافاری"],
];
const systems: [RegExp, string][] = [
  [/Android/, "اندروید"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "ویندوز"],
  [/Mac OS X|Macintosh/, "مک"],
  [/CrOS/, "کروم‌اواس"],
  [/Linux/, "لینوکس"],
];

export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return "دستگاه ناشناخته";
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const system = systems.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} روی ${system}`;
  return browser ?? system ?? "دستگاه ناشناخته";
}
