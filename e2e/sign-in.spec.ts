import { createUser, deactivateUser } from './support/admin-ui';
import { demoUser, unique } from './support/demo-users';
import { expect, test } from './support/fixtures';
import { snapshot } from './support/screenshots';
import { signIn, signInAlert, signOut, submitSignIn } from './support/sign-in';

const WRONG = 'Wrong email or password.';
const PASSWORD = 'correct-horse-battery';

test('a wrong password is refused with a message that does not say which part was wrong', async ({ page }) => {
  await submitSignIn(page, demoUser('reviewer').email, 'not-the-password');
  await expect(signInAlert(page)).toHaveText(WRONG);
  await expect(page).toHaveURL(/\/sign-in/);
  await snapshot(page, 'sign-in-wrong-password');
});

test('an unknown email gets the same message', async ({ page }) => {
  await submitSignIn(page, `${unique('nobody')}@e2e.test`, 'whatever-password');
  await expect(signInAlert(page)).toHaveText(WRONG);
});

test('a deactivated user is told the account is deactivated', async ({ page, adminPage }) => {
  const email = `${unique('leaver')}@e2e.test`;
  await createUser(adminPage, { name: 'Lee Leaver', email, roles: ['viewer'], password: PASSWORD });
  await deactivateUser(adminPage, email);

  await submitSignIn(page, email, PASSWORD);
  await expect(signInAlert(page)).toHaveText('This account is deactivated. Ask an administrator to reactivate it.');
});

test('five wrong passwords lock the account, even against the right one', async ({ page, adminPage }) => {
  const email = `${unique('guessed')}@e2e.test`;
  await createUser(adminPage, { name: 'Gus Guessed', email, roles: ['viewer'], password: PASSWORD });

  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitSignIn(page, email, `wrong-guess-${attempt}`);
    await expect(signInAlert(page)).toHaveText(WRONG);
  }
  await submitSignIn(page, email, PASSWORD);
  await expect(signInAlert(page)).toHaveText(/^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/);
  await expect(page).toHaveURL(/\/sign-in/);
  await snapshot(page, 'sign-in-locked-out');
});

test('signing in opens the overview and signing out returns to the sign-in page', async ({ page }) => {
  const viewer = demoUser('viewer');
  await signIn(page, viewer.email, viewer.password);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  await snapshot(page, 'overview-viewer');

  await signOut(page);
  await expect(page.locator('#email')).toBeVisible();
  // The session is gone: the portal sends us back to sign in.
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
});
