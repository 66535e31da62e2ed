import type { Metadata } from 'next';

// One word order for every tab title: the object, then the page, then the product (the root
// layout's template adds "· Vigil"): `credit-risk · Monitoring · Vigil`.

export function pageTitle(object: string, page: string): string {
  return `${object} · ${page}`;
}

/** `generateMetadata` of a model's page: the model's name, then the page. */
export function modelPageMetadata(page: string) {
  return async ({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> => ({ title: pageTitle((await params).name, page) });
}
