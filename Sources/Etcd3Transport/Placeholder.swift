enum Etcd3TransportPlaceholder {}
