// A static page: the driver polls it to know that the server is up.
export default function Home() {
  return <main>better-auth peer</main>;
}
