//! The leaner encodings of the index's JSON: tables of distinct values that the rest refers
//! to by position, and lists of positions written as differences. Both are lossless.

use std::collections::HashMap;
use std::hash::Hash;

/// Positions of distinct values in a table they are pushed onto when first seen.
pub(super) struct Table<T> {
    ids: HashMap<T, u32>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            ids: HashMap::new(),
        }
    }
}

impl<T: Hash + Eq + Clone> Table<T> {
    /// The position of `value` in `table`, pushed there if it is new.
    pub(super) fn id(&mut self, value: &T, table: &mut Vec<T>) -> u32 {
        if let Some(id) = self.ids.get(value) {
            return *id;
        }
        let id = table.len() as u32;
        table.push(value.clone());
        self.ids.insert(value.clone(), id);
        id
    }
}

/// A list of positions written as the differences between neighbours (the first from 0):
/// runs of consecutive positions become runs of `1`, which compress to almost nothing.
pub(super) mod delta {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(positions: &[u32], serializer: S) -> Result<S::Ok, S::Error> {
        let mut previous = 0i64;
        let differences: Vec<i64> = positions
            .iter()
            .map(|&p| {
                let d = i64::from(p) - previous;
                previous = i64::from(p);
                d
            })
            .collect();
        differences.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u32>, D::Error> {
        let differences = Vec::<i64>::deserialize(deserializer)?;
        let mut position = 0i64;
        differences
            .into_iter()
            .map(|d| {
                position += d;
                u32::try_from(position).map_err(|_| {
                    serde::de::Error::custom(format!("position {position} out of range"))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Positions(#[serde(with = "delta")] Vec<u32>);

    #[test]
    fn differences_round_trip() {
        for case in [vec![], vec![0], vec![7, 8, 9, 10, 3, 4000000000, 0]] {
            let json = serde_json::to_string(&Positions(case.clone())).unwrap();
            let back: Positions = serde_json::from_str(&json).unwrap();
            assert_eq!(back.0, case, "{json}");
        }
        assert_eq!(
            serde_json::to_string(&Positions(vec![5, 6, 7, 2])).unwrap(),
            "[5,1,1,-5]"
        );
        assert!(serde_json::from_str::<Positions>("[1,-2]").is_err());
    }

    #[test]
    fn a_table_stores_each_value_once() {
        let mut table = Vec::new();
        let mut ids = Table::default();
        let found: Vec<u32> = ["a", "b", "a", "c", "b"]
            .map(|v| ids.id(&v.to_string(), &mut table))
            .into();
        assert_eq!(found, [0, 1, 0, 2, 1]);
        assert_eq!(table, ["a", "b", "c"]);
    }
}
