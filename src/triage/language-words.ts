/**
 * Frequent words of the Latin-script ways our reporters write, typed without diacritics:
 * function words and everyday words rarely shared between these languages. They settle short or
 * code-switched messages ("sobrang overtime araw araw", "malai help garnus") where a general
 * language-identification library has too little to go on.
 */
export const MARKER_WORDS: Record<string, string> = {
  vi: 'toi em anh chi khong cua cho duoc nguoi viec luong nuoc chieu minh chung bao giup cong ty nghiep doan lam them tien thang ngay oi roi voi nhung muon bi danh hom qua gio mat van sung chu ong ba con mot hai nhieu lam sao the nao vay nha xin chao cam on',
  fil: 'walang hanggang ngayon lahat ang ng mga sa ako ko po kami namin kayo siya hindi wala may araw sobrang bawal amo sahod sweldo ako ay na nang lang din rin po opo yung ung kasi pero tapos dito doon nila namin amin natin gusto ayaw pinapa sinabi sinabihan trabaho kumpanya magkaroon',
  id: 'saya aku kami kita tidak tak yang dan di ke dari untuk dengan ini itu ada gaji potongan asrama ribu bos sudah belum bisa mau tolong bulan hari jam kerja perusahaan padahal satu kamar orang juga tapi karena sama harus',
  ne: 'malai mero meri hamro timi tapai ma cha chha chaina chhaina bhayo garyo garnus garne diyena dinna bhanyo bhancha bholi aaja hijo raati dherai lagyo lagcha sakdina aba ani ko ki le lai haru kati kasari kina ghar jagga lakh mahina dekhi talab rakhyo aayera chhoyo dar tirera aako rakhera pathaidinchu',
  en: 'i my me the and is are was were to of in for not they he she we you our with this that have has did do does want help please company boss work job money pay paid salary days hours',
};

const SETS: [string, Set<string>][] = Object.entries(MARKER_WORDS).map(([lang, words]) => [
  lang,
  new Set(words.split(' ')),
]);

/**
 * The language whose marker words the text uses clearly most (at least `min` of them, twice as
 * many as any other), or null when it is not clear.
 */
export function markerLanguage(words: string[], min = 2): string | null {
  const scores = SETS.map(([lang, set]) => [lang, words.filter((w) => set.has(w)).length] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  if (!best || best[1] < min) return null;
  if (second && best[1] < 2 * second[1]) return null;
  return best[0];
}
