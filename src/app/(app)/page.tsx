import { Dashboard } from "@/components/Dashboard.tsx";

export default function HomePage() {
  return <Dashboard />;
}
