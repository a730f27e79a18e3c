//! Deterministic k-means (k-means++ seeding from a seeded generator, then Lloyd rounds): the
//! same points and seed always give the same clusters.

/// A small deterministic generator (PCG-style LCG), so clusters depend only on the seed.
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn dist(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Cluster index per point, and the centroids. `k` is capped at the number of points.
pub fn kmeans(
    points: &[Vec<f32>],
    k: usize,
    seed: u64,
    rounds: usize,
) -> (Vec<usize>, Vec<Vec<f32>>) {
    if points.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let k = k.clamp(1, points.len());
    let dims = points[0].len();
    let mut rng = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
    let first = (rng.unit() * points.len() as f64) as usize % points.len();
    let mut centroids = vec![points[first].clone()];
    let mut nearest: Vec<f32> = points.iter().map(|p| dist(p, &centroids[0])).collect();
    while centroids.len() < k {
        let total: f64 = nearest.iter().map(|d| f64::from(*d)).sum();
        let next = if total <= 0.0 {
            centroids.len() % points.len()
        } else {
            let mut target = rng.unit() * total;
            let mut chosen = points.len() - 1;
            for (i, d) in nearest.iter().enumerate() {
                target -= f64::from(*d);
                if target <= 0.0 {
                    chosen = i;
                    break;
                }
            }
            chosen
        };
        centroids.push(points[next].clone());
        let c = centroids.last().expect("just pushed").clone();
        nearest
            .iter_mut()
            .zip(points)
            .for_each(|(n, p)| *n = n.min(dist(p, &c)));
    }
    let mut assignment = vec![0; points.len()];
    for _ in 0..rounds {
        let mut changed = false;
        for (i, p) in points.iter().enumerate() {
            let best = (0..k)
                .min_by(|&a, &b| {
                    dist(p, &centroids[a])
                        .total_cmp(&dist(p, &centroids[b]))
                        .then(a.cmp(&b))
                })
                .expect("k>0");
            changed |= best != assignment[i];
            assignment[i] = best;
        }
        for (c, centroid) in centroids.iter_mut().enumerate() {
            let members: Vec<&Vec<f32>> = points
                .iter()
                .zip(&assignment)
                .filter(|(_, a)| **a == c)
                .map(|(p, _)| p)
                .collect();
            if !members.is_empty() {
                for j in 0..dims {
                    centroid[j] = members.iter().map(|m| m[j]).sum::<f32>() / members.len() as f32;
                }
            }
        }
        if !changed {
            break;
        }
    }
    (assignment, centroids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blobs() -> Vec<Vec<f32>> {
        let mut p = Vec::new();
        for i in 0..20 {
            let e = i as f32 * 0.01;
            p.push(vec![0.0 + e, 0.0]);
            p.push(vec![5.0 + e, 5.0]);
            p.push(vec![0.0, 9.0 + e]);
        }
        p
    }

    #[test]
    fn separated_blobs_are_found() {
        let (a, _) = kmeans(&blobs(), 3, 7, 20);
        for i in (0..60).step_by(3) {
            assert_eq!(a[i], a[0]);
            assert_eq!(a[i + 1], a[1]);
            assert_eq!(a[i + 2], a[2]);
        }
        assert!(a[0] != a[1] && a[1] != a[2] && a[0] != a[2]);
    }

    #[test]
    fn same_seed_same_clusters() {
        assert_eq!(kmeans(&blobs(), 4, 1, 20).0, kmeans(&blobs(), 4, 1, 20).0);
    }
}
