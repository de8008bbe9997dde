import { Suspense } from 'react';
import { LoginForm } from '../../src/client/login-form.component';

export const metadata = { title: 'Sign in – Eider' };

export default function LoginPage() {
  return (
    <main className="login-page">
      <Suspense>
        <LoginForm />
      </Suspense>
      <footer className="login-footer">
        <a href="/status">Service status</a>
      </footer>
    </main>
  );
}
