export type DangerCategory = 'violence' | 'self_harm';
export type Urgency = 'emergency' | 'urgent' | 'ongoing' | 'past' | 'info';
export const URGENCIES: Urgency[] = ['emergency', 'urgent', 'ongoing', 'past', 'info'];
